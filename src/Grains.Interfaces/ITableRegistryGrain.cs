using Orleans.Concurrency;

namespace ParameterServer;

/// <summary>
/// The cluster's catalogue of tables (one activation, key <see cref="Key"/>). Shards read their configuration from it
/// when they activate; clients read it to route.
/// </summary>
[Alias("ps.ITableRegistryGrain")]
public interface ITableRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Creates a table, or returns the existing one when its definition is the same.
    /// Throws <see cref="InvalidTableConfigException"/> or <see cref="TableConfigConflictException"/>.</summary>
    [Alias("CreateTable")]
    Task<TableConfig> CreateTable(TableConfig config);

    // Reads interleave with a drop in progress: a shard that activates while the registry awaits its Drop must not
    // wait on the registry in turn.

    /// <summary>Throws <see cref="UnknownTableException"/> when no such table exists.</summary>
    [Alias("DescribeTable"), AlwaysInterleave]
    Task<TableConfig> DescribeTable(string name);

    [Alias("TryDescribeTable"), AlwaysInterleave]
    Task<TableConfig?> TryDescribeTable(string name);

    /// <summary>Removes the table and the rows of every shard. Throws <see cref="UnknownTableException"/>.</summary>
    [Alias("DropTable")]
    Task DropTable(string name);

    [Alias("ListTables"), AlwaysInterleave]
    Task<TableConfig[]> ListTables();

    /// <summary>Records that a dense model exists (its training grain calls this when initialised).</summary>
    [Alias("RegisterDenseModel")]
    Task RegisterDenseModel(string model);

    [Alias("ListDenseModels"), AlwaysInterleave]
    Task<string[]> ListDenseModels();
}
