namespace ParameterServer.Grains.Joining;

/// <summary>Settings of the online joiner (configuration section <see cref="SectionName"/>).</summary>
public sealed class JoinerOptions
{
    public const string SectionName = "Joiner";

    public const int DEFAULT_RECENT_REQUESTS = 100_000;
    public const double DEFAULT_NEGATIVE_SAMPLING_RATE = 1.0;
    public const float DEFAULT_POSITIVE_RATING = 4;
    public const int DEFAULT_MAX_PENDING = 1_000_000;
    public static readonly TimeSpan DEFAULT_WINDOW = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DEFAULT_FLUSH_INTERVAL = TimeSpan.FromSeconds(1);

    /// <summary>How long, in event time, an impression waits for a positive action before it becomes a negative
    /// (default 5 min; 1 ms..7 days). Early actions wait as long for their impression.</summary>
    public TimeSpan Window { get; set; } = DEFAULT_WINDOW;

    /// <summary>Closed impressions remembered for late positives and duplicate detection (default 100,000;
    /// 0..10,000,000; 0 turns late corrections off).</summary>
    public int RecentRequests { get; set; } = DEFAULT_RECENT_REQUESTS;

    /// <summary>Fraction r of negatives published (default 1.0; (0, 1]); serving corrects with
    /// <c>NegativeSampling.CorrectLogit</c>.</summary>
    public double NegativeSamplingRate { get; set; } = DEFAULT_NEGATIVE_SAMPLING_RATE;

    /// <summary>A rating at or above this is a positive action (default 4; finite).</summary>
    public float PositiveRating { get; set; } = DEFAULT_POSITIVE_RATING;

    /// <summary>Most open impressions, and most waiting early actions, per partition (default 1,000,000;
    /// 1..100,000,000); beyond it the oldest are closed (or expire) early, so memory stays bounded.</summary>
    public int MaxPending { get; set; } = DEFAULT_MAX_PENDING;

    /// <summary>How often the joiner grain advances an idle partition's clock and publishes what closed
    /// (default 1 s; 10 ms..1 min).</summary>
    public TimeSpan FlushInterval { get; set; } = DEFAULT_FLUSH_INTERVAL;
}
