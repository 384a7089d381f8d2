namespace ParameterServer;

/// <summary>What one shard activation holds, and where.</summary>
[GenerateSerializer, Immutable, Alias("ps.ShardStats")]
public sealed record ShardStats
{
    [Id(0)] public required string Table { get; init; }

    [Id(1)] public required int Shard { get; init; }

    /// <summary>Address of the silo hosting the activation.</summary>
    [Id(2)] public required string Silo { get; init; }

    /// <summary>Pool of that silo: training, serving or all.</summary>
    [Id(3)] public required string Pool { get; init; }

    [Id(4)] public required int Rows { get; init; }

    [Id(5)] public required long MemoryBytes { get; init; }

    /// <summary>Training: rows changed and not yet sent to serving. Serving: 0.</summary>
    [Id(6)] public long PendingChanges { get; init; }

    /// <summary>Training: pushed rows dropped by the admission filter.</summary>
    [Id(7)] public long FilteredPushRows { get; init; }

    /// <summary>Training: rows evicted by TTL.</summary>
    [Id(8)] public long EvictedRows { get; init; }

    /// <summary>Sync epoch (training activation) and last sequence sent (training) or applied (serving).</summary>
    [Id(9)] public long SyncEpoch { get; init; }

    [Id(10)] public long SyncSequence { get; init; }

    /// <summary>Full copies sent (training) or received (serving) by this activation.</summary>
    [Id(11)] public int FullResyncs { get; init; }
}
