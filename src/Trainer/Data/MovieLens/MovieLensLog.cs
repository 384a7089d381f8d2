namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>MovieLens as an <see cref="InteractionLog"/>: action = stars, positive = 4 or 5 stars, categories = genres,
/// user attributes = age group, gender, occupation, zip prefix.</summary>
public static class MovieLensLog
{
    public const byte PositiveStars = 4;

    public static InteractionLog From(MovieLensData data, string name)
    {
        var ratings = data.Ratings;
        var categories = new Dictionary<long, long[]>();
        var names = new Dictionary<long, string>();
        foreach (var movie in data.Movies.Values)
        {
            var genres = new List<long>();
            for (var g = 0; g < MovieLensGenres.Names.Length; g++)
            {
                if ((movie.Genres & (1u << g)) != 0)
                {
                    genres.Add(g);
                }
            }

            categories[movie.Id] = genres.Count == 0 ? [0] : genres.ToArray();
            names[movie.Id] = movie.Title;
        }

        var attributes = data.Users.Values.ToDictionary(
            u => (long)u.Id,
            u => new long[] { AgeGroup(u.Age), u.Female ? 1 : 0, u.Occupation, u.ZipPrefix });
        var log = new InteractionLog
        {
            Name = name,
            Users = ratings.Select(r => (long)r.User).ToArray(),
            Items = ratings.Select(r => (long)r.Item).ToArray(),
            Actions = ratings.Select(r => r.Stars).ToArray(),
            Timestamps = ratings.Select(r => r.Timestamp).ToArray(),
            ActionTypes = 6,
            PositiveAction = PositiveStars,
            ItemCategories = categories,
            UserAttributeNames = ["age", "gender", "occupation", "zip3"],
            UserAttributes = attributes,
            ItemNames = names,
        };
        log.Validate();
        return log;
    }

    /// <summary>The 1M files' age groups (1, 18, 25, 35, 45, 50, 56), applied to 100K's exact ages too.</summary>
    private static long AgeGroup(int age) => age switch
    {
        < 18 => 1,
        < 25 => 18,
        < 35 => 25,
        < 45 => 35,
        < 50 => 45,
        < 56 => 50,
        _ => 56,
    };
}
