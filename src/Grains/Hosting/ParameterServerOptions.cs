namespace ParameterServer.Grains.Hosting;

/// <summary>Silo-side settings of the parameter server (configuration section <see cref="SectionName"/>).</summary>
public sealed class ParameterServerOptions
{
    public const string SectionName = "ParameterServer";

    public const string DEFAULT_POOL = SiloPool.All;
    public const int DEFAULT_MAX_ROWS_PER_CALL = 1 << 20;
    public const int DEFAULT_SYNC_BATCH_ROWS = 16_384;

    /// <summary>Pool of this silo: "training", "serving" or "all" (default).</summary>
    public string Pool { get; set; } = DEFAULT_POOL;

    /// <summary>How often a training shard sends its changed rows to serving (default 1 s; 10 ms..1 h).</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a training shard evicts rows past the table's TTL (default 1 min; 100 ms..1 day).</summary>
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most rows one shard call may carry (default 1,048,576; 1..16,777,216).</summary>
    public int MaxRowsPerCall { get; set; } = DEFAULT_MAX_ROWS_PER_CALL;

    /// <summary>Rows per sync message to serving (default 16,384; 1..1,048,576). Bounds message size on a full copy.</summary>
    public int SyncBatchRows { get; set; } = DEFAULT_SYNC_BATCH_ROWS;
}
