namespace ParameterServer.Trainer.Data.Synthetic;

/// <summary>Shape of the synthetic log (the default data when no <c>--data</c> is given).</summary>
public sealed class SyntheticOptions
{
    /// <summary>Users (default 2,000; 1..10,000,000).</summary>
    public int Users { get; init; } = 2_000;

    /// <summary>Items (default 5,000; 10..100,000,000).</summary>
    public int Items { get; init; } = 5_000;

    /// <summary>Topics items belong to and users are interested in (default 20; 2..10,000).</summary>
    public int Topics { get; init; } = 20;

    /// <summary>Impressions generated (default 200,000; 1..1,000,000,000).</summary>
    public int Events { get; init; } = 200_000;

    /// <summary>Days the log spans (default 56).</summary>
    public int Days { get; init; } = 56;

    /// <summary>Zipf exponent of item popularity and user activity (default 1.1).</summary>
    public double ZipfExponent { get; init; } = 1.1;

    /// <summary>Topics each user is interested in at a time (default 2).</summary>
    public int InterestsPerUser { get; init; } = 2;

    /// <summary>Rate per day at which one of a user's interests moves to another topic (default 0.03: about one move
    /// per user a month): drift.</summary>
    public double DriftPerDay { get; init; } = 0.03;

    public int Seed { get; init; } = 42;

    public void Validate()
    {
        Check(Users is >= 1 and <= 10_000_000, nameof(Users), Users, "1..10,000,000");
        Check(Items is >= 10 and <= 100_000_000, nameof(Items), Items, "10..100,000,000");
        Check(Topics >= 2 && Topics <= 10_000 && Topics <= Items, nameof(Topics), Topics, "2..10,000 and at most Items");
        Check(Events is >= 1 and <= 1_000_000_000, nameof(Events), Events, "1..1,000,000,000");
        Check(Days is >= 1 and <= 3650, nameof(Days), Days, "1..3650");
        Check(ZipfExponent is > 0 and <= 5, nameof(ZipfExponent), ZipfExponent, "(0, 5]");
        Check(InterestsPerUser >= 1 && InterestsPerUser <= Topics, nameof(InterestsPerUser), InterestsPerUser, "1..Topics");
        Check(DriftPerDay is >= 0 and <= 100, nameof(DriftPerDay), DriftPerDay, "[0, 100]");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Synthetic data: {name} is {value}; set it in {range}.");
        }
    }
}
