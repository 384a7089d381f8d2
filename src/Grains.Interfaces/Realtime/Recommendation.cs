namespace ParameterServer.Realtime;

/// <summary>A user's top items, best first, and how they were found.</summary>
[GenerateSerializer, Immutable, Alias("ps.Recommendation")]
public sealed record Recommendation
{
    [Id(0)] public required long UserId { get; init; }

    [Id(1)] public required RecommendationSource Source { get; init; }

    /// <summary>Item IDs (not table row IDs) with their scores: inner products, or decayed action counts for popularity.</summary>
    [Id(2)] public required ScoredId[] Items { get; init; }

    /// <summary>Realtime actions fused into the query.</summary>
    [Id(3)] public int RealtimeActions { get; init; }

    /// <summary>Whether a long-term embedding was fused.</summary>
    [Id(4)] public bool UsedLongTerm { get; init; }
}
