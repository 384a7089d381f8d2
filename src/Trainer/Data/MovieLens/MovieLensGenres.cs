namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>The genre list of ml-100k's u.genre, in its order; the 1M/10M files use the same names (without "unknown").</summary>
public static class MovieLensGenres
{
    public static readonly string[] Names =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Index of a genre name, or -1. The 10M files spell "Children's" as "Children".</summary>
    public static int IndexOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                return i;
            }
        }

        return name.SequenceEqual("Children") ? 4 : name.SequenceEqual("(no genres listed)") ? 0 : -1;
    }
}
