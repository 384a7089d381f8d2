namespace ParameterServer.Grains.Telemetry;

/// <summary>One shard activation as a silo reports it to the dashboard page.</summary>
[GenerateSerializer, Immutable, Alias("ps.ShardReport")]
public sealed record ShardReport
{
    [Id(0)] public required string Table { get; init; }

    [Id(1)] public required int Shard { get; init; }

    [Id(2)] public required ShardRole Role { get; init; }

    [Id(3)] public required int Rows { get; init; }

    [Id(4)] public required long MemoryBytes { get; init; }

    /// <summary>See <see cref="ShardTelemetry.Loaded"/>.</summary>
    [Id(5)] public required bool Loaded { get; init; }

    /// <summary>Training: lag of the last non-empty sync batch.</summary>
    [Id(6)] public TimeSpan? LastSyncLag { get; init; }

    /// <summary>Training: when serving last acknowledged a batch (heartbeats included).</summary>
    [Id(7)] public DateTimeOffset? LastSyncAt { get; init; }

    internal static ShardReport From(ShardTelemetry shard) => new()
    {
        Table = shard.Table,
        Shard = shard.Shard,
        Role = shard.Role,
        Rows = shard.Rows,
        MemoryBytes = shard.MemoryBytes,
        Loaded = shard.Loaded,
        LastSyncLag = shard.LastSyncLag,
        LastSyncAt = shard.LastSyncAt,
    };
}
