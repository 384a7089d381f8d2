namespace ParameterServer;

/// <summary>Asks one shard to write its part of snapshot <see cref="SnapshotId"/>.</summary>
[GenerateSerializer, Immutable, Alias("ps.SnapshotPartRequest")]
public sealed record SnapshotPartRequest
{
    [Id(0)] public required string SnapshotId { get; init; }

    [Id(1)] public required SnapshotKind Kind { get; init; }
}
