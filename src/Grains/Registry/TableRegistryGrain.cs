using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Grains.Registry;

internal sealed partial class TableRegistryGrain(
    [PersistentState("tables", ParameterServerSiloBuilderExtensions.RegistryStorageName)] IPersistentState<TableRegistryState> state,
    ILogger<TableRegistryGrain> logger,
    IServiceProvider services) : Grain, ITableRegistryGrain
{
    /// <summary>A new cluster over existing snapshots takes the tables of the newest one, so that its shards find their
    /// parts (which are matched by table generation) and restore themselves.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists || services.GetService<SnapshotCatalog>() is not { } catalog)
        {
            return;
        }

        var manifests = await catalog.Manifests(cancellationToken);
        var newest = manifests.FirstOrDefault();
        if (newest is null || newest.Tables.Count == 0)
        {
            return;
        }

        foreach (var table in newest.Tables)
        {
            state.State.Tables[table.Name] = table;
        }

        state.State.DenseModels.UnionWith(newest.Parts.Where(p => (SnapshotPartKind)p.PartKind == SnapshotPartKind.Dense).Select(p => p.Table));

        // Above every generation any snapshot knows, so a table created later never matches an old part.
        state.State.LastGeneration = manifests.SelectMany(m => m.Tables).Max(t => t.Generation);
        await state.WriteStateAsync();
        LogTablesAdopted(logger, newest.Tables.Count, newest.Id);
    }

    public async Task<TableConfig> CreateTable(TableConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (state.State.Tables.TryGetValue(config.Name, out var existing))
        {
            if (existing.SameDefinitionAs(config))
            {
                return existing;
            }

            throw new TableConfigConflictException(
                $"Table '{config.Name}' already exists with a different configuration ({Describe(existing)}); drop it first or use another name.");
        }

        var created = config with { Generation = state.State.LastGeneration + 1 };
        state.State.Tables[created.Name] = created;
        state.State.LastGeneration = created.Generation;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Keep memory equal to what storage holds, so a failed write leaves no table behind.
            state.State.Tables.Remove(created.Name);
            state.State.LastGeneration--;
            throw;
        }

        LogTableCreated(logger, created.Name, created.Shards, created.Dimension, created.Generation);
        return created;
    }

    public Task<TableConfig> DescribeTable(string name) =>
        state.State.Tables.TryGetValue(name, out var config)
            ? Task.FromResult(config)
            : throw UnknownTable(name);

    public Task<TableConfig?> TryDescribeTable(string name) =>
        Task.FromResult(state.State.Tables.GetValueOrDefault(name));

    public Task<TableConfig[]> ListTables() =>
        Task.FromResult(state.State.Tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray());

    public async Task RegisterDenseModel(string model)
    {
        if (state.State.DenseModels.Add(model))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> ListDenseModels() => Task.FromResult(state.State.DenseModels.ToArray());

    public async Task DropTable(string name)
    {
        if (!state.State.Tables.Remove(name, out var config))
        {
            throw UnknownTable(name);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Tables[name] = config;
            throw;
        }

        // The table is gone from the catalogue first, so a shard that activates meanwhile finds no table.
        var drops = new List<Task>(config.Shards * 2);
        for (var shard = 0; shard < config.Shards; shard++)
        {
            drops.Add(GrainFactory.GetGrain<ITrainingShardGrain>(shard, name).Drop());
            drops.Add(GrainFactory.GetGrain<IServingShardGrain>(shard, name).Drop());
        }

        await Task.WhenAll(drops);
        LogTableDropped(logger, name, config.Generation);
    }

    private static UnknownTableException UnknownTable(string name) =>
        new($"Table '{name}' does not exist; create it with CreateTable first.");

    private static string Describe(TableConfig c) =>
        $"shards {c.Shards}, dimension {c.Dimension}, optimizer {c.Embedding.Optimizer.Kind}, initializer {c.Embedding.Initializer.Kind}, min count {c.Embedding.MinCount}, TTL {c.Embedding.TimeToLive?.ToString() ?? "none"}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Created table {Table}: {Shards} shards, dimension {Dimension}, generation {Generation}")]
    private static partial void LogTableCreated(ILogger logger, string table, int shards, int dimension, long generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took {Tables} tables from snapshot {SnapshotId}: the registry was empty")]
    private static partial void LogTablesAdopted(ILogger logger, int tables, string snapshotId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped table {Table} (generation {Generation})")]
    private static partial void LogTableDropped(ILogger logger, string table, long generation);
}
