namespace ParameterServer;

/// <summary>A complete snapshot: its id, kind, the snapshot it builds on (incremental), when, and how much it holds.</summary>
[GenerateSerializer, Immutable, Alias("ps.SnapshotInfo")]
public sealed record SnapshotInfo
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required SnapshotKind Kind { get; init; }

    /// <summary>The previous snapshot of the chain an incremental snapshot extends; null for a full one.</summary>
    [Id(2)] public string? BaseId { get; init; }

    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(4)] public required int Parts { get; init; }

    [Id(5)] public required long Rows { get; init; }

    [Id(6)] public required long Bytes { get; init; }

    /// <summary>Wall time spent writing the snapshot, manifest included.</summary>
    [Id(7)] public TimeSpan Duration { get; init; }
}
