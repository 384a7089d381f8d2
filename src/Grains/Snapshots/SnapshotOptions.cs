namespace ParameterServer.Grains.Snapshots;

/// <summary>Snapshot settings (configuration section <see cref="SectionName"/>).</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    public const string DEFAULT_FOLDER = "snapshots";
    public const string DEFAULT_CONTAINER = "ps-snapshots";
    public const int DEFAULT_KEEP = 3;
    public const int DEFAULT_BLOCK_ROWS = 16_384;

    /// <summary>None, LocalFolder (default) or AzureBlob.</summary>
    public SnapshotStoreKind Store { get; set; } = SnapshotStoreKind.LocalFolder;

    /// <summary>LocalFolder: the folder, relative to the working directory unless rooted (default "snapshots").</summary>
    public string Folder { get; set; } = DEFAULT_FOLDER;

    /// <summary>AzureBlob: the connection string; empty = the cluster's Cluster:AzureStorageConnectionString.</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>AzureBlob: the container (default "ps-snapshots"; 3-63 lowercase letters, digits, '-').</summary>
    public string Container { get; set; } = DEFAULT_CONTAINER;

    /// <summary>UTC time of day of the full snapshot (default 00:00).</summary>
    public TimeSpan DailyAtUtc { get; set; } = TimeSpan.Zero;

    /// <summary>Time between full snapshots (default 1 day; at least 1 s).</summary>
    public TimeSpan FullInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Time between incremental snapshots (default 5 min); zero turns them off.</summary>
    public TimeSpan IncrementalInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Full snapshots kept, with their incrementals; older ones are deleted (default 3; at least 1).</summary>
    public int Keep { get; set; } = DEFAULT_KEEP;

    /// <summary>Wait before retrying a failed snapshot (default 1 min).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows per block of a part file (default 16,384; 1..1,048,576).</summary>
    public int BlockRows { get; set; } = DEFAULT_BLOCK_ROWS;

    /// <summary>Shards writing their parts at the same time (default 4; 1..64).</summary>
    public int ParallelShards { get; set; } = 4;
}
