namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>
/// A MovieLens folder loaded for training: ratings sorted by time (then user, item), movies and users by ID.
/// The format is detected from the files present: u.data/u.item/u.user (100K) or ratings.dat/movies.dat/users.dat.
/// </summary>
public sealed class MovieLensData
{
    private MovieLensData(Rating[] ratings, Dictionary<int, Movie> movies, Dictionary<int, MovieLensUser> users, long skippedLines)
    {
        Ratings = ratings;
        Movies = movies;
        Users = users;
        SkippedLines = skippedLines;
    }

    /// <summary>Every rating, oldest first.</summary>
    public Rating[] Ratings { get; }

    public Dictionary<int, Movie> Movies { get; }

    public Dictionary<int, MovieLensUser> Users { get; }

    /// <summary>Malformed lines skipped in the ratings file (with <see cref="ReaderOptions.SkipBadLines"/>).</summary>
    public long SkippedLines { get; }

    /// <summary>True when <paramref name="folder"/> holds MovieLens files of either format.</summary>
    public static bool IsMovieLensFolder(string folder) =>
        File.Exists(Path.Combine(folder, "u.data")) || File.Exists(Path.Combine(folder, "ratings.dat"));

    public static MovieLensData Load(string folder, ReaderOptions? options = null)
    {
        var format = File.Exists(Path.Combine(folder, "u.data")) ? MovieLensFormat.Tab100K : MovieLensFormat.DoubleColon;
        var (ratingsFile, moviesFile, usersFile) = format == MovieLensFormat.Tab100K
            ? ("u.data", "u.item", "u.user")
            : ("ratings.dat", "movies.dat", "users.dat");
        var ratings = new List<Rating>();
        long skipped;
        using (var reader = new RatingReader(Path.Combine(folder, ratingsFile), format, options))
        {
            while (reader.TryRead(out var rating))
            {
                ratings.Add(rating);
            }

            skipped = reader.SkippedLines;
        }

        var sorted = ratings.ToArray();
        Array.Sort(sorted, static (a, b) =>
            a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.User != b.User ? a.User.CompareTo(b.User) : a.Item.CompareTo(b.Item));
        var movies = MovieLensMetadata.ReadMovies(Path.Combine(folder, moviesFile), format, options).ToDictionary(m => m.Id);
        var users = MovieLensMetadata.ReadUsers(Path.Combine(folder, usersFile), format, options).ToDictionary(u => u.Id);
        return new MovieLensData(sorted, movies, users, skipped);
    }
}
