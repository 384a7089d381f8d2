namespace ParameterServer;

/// <summary>A part a shard wrote; <see cref="Name"/> is empty when the shard had nothing to write.</summary>
[GenerateSerializer, Immutable, Alias("ps.SnapshotPartResult")]
public sealed record SnapshotPartResult
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required int PartKind { get; init; }

    [Id(2)] public required string Table { get; init; }

    [Id(3)] public required int Shard { get; init; }

    [Id(4)] public required long Generation { get; init; }

    [Id(5)] public required long Rows { get; init; }

    [Id(6)] public required long Tombstones { get; init; }

    [Id(7)] public required long Bytes { get; init; }

    /// <summary>XxHash64 of the part, as 16 hex digits.</summary>
    [Id(8)] public required string Checksum { get; init; }
}
