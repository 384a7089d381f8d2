namespace ParameterServer.Grains.Telemetry;

/// <summary>The shard activations of one silo.</summary>
[GenerateSerializer, Immutable, Alias("ps.SiloShardReport")]
public sealed record SiloShardReport
{
    /// <summary>Silo address, as Orleans prints it.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Silo name (the pod name on Kubernetes).</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>training, serving or all.</summary>
    [Id(2)] public required string Pool { get; init; }

    [Id(3)] public required ShardReport[] Shards { get; init; }
}
