namespace ParameterServer.Trainer.Data.MovieLens;

public enum MovieLensFormat
{
    /// <summary>ml-100k: u.data (tab-separated), u.item and u.user (pipe-separated, Latin-1).</summary>
    Tab100K,

    /// <summary>ml-1m / ml-10m: ratings.dat, movies.dat, users.dat with "::" separators.</summary>
    DoubleColon,
}
