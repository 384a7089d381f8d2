namespace ParameterServer.Grains.Telemetry;

/// <summary>Which copy of a shard an activation holds.</summary>
public enum ShardRole
{
    /// <summary>Training shard: rows with optimizer state; pulls and pushes.</summary>
    Training = 0,

    /// <summary>Serving shard: values only, fed by the sync stream; lookups.</summary>
    Serving = 1,
}
