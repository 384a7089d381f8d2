namespace ParameterServer.Realtime;

/// <summary>What one joiner partition has seen and produced since it activated.</summary>
[GenerateSerializer, Immutable, Alias("ps.JoinerStats")]
public sealed record JoinerStats
{
    [Id(0)] public long Impressions { get; init; }

    [Id(1)] public long Actions { get; init; }

    [Id(2)] public long Positives { get; init; }

    [Id(3)] public long LatePositives { get; init; }

    /// <summary>Negatives published (kept by sampling).</summary>
    [Id(4)] public long Negatives { get; init; }

    [Id(5)] public long NegativesDropped { get; init; }

    /// <summary>Duplicate impressions or actions that changed nothing.</summary>
    [Id(6)] public long Duplicates { get; init; }

    /// <summary>Actions whose request was never seen (or is older than the recent-request store).</summary>
    [Id(7)] public long Unmatched { get; init; }

    /// <summary>Malformed events, rejected one by one; the rest of their batch went on.</summary>
    [Id(8)] public long Rejected { get; init; }

    /// <summary>Impressions waiting for their window to close.</summary>
    [Id(9)] public int Pending { get; init; }
}
