using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.Grains;

/// <summary>
/// What training and serving shards share: the key (shard number + table name), the table's configuration read
/// from the registry on first use, the request checks, and the rows.
/// </summary>
internal abstract class ShardGrain(IOptions<ParameterServerOptions> options, ILocalSiloDetails silo) : Grain
{
    private EmbeddingTable? _table;

    protected ParameterServerOptions Options { get; } = options.Value;

    private int? _shard;
    private string? _tableName;

    // The key is parsed once: every request names the table in its errors and lookups.
    protected int Shard => _shard ??= (int)this.GetPrimaryKeyLong(out _);

    protected string TableName
    {
        get
        {
            if (_tableName is null)
            {
                this.GetPrimaryKeyLong(out var table);
                _tableName = table!;
            }

            return _tableName;
        }
    }

    protected TableConfig? Config { get; private set; }

    /// <summary>Snapshot writing and restoring; null when snapshots are turned off (Snapshots:Store = None).</summary>
    protected ShardSnapshots? Snapshots => ServiceProvider.GetService<ShardSnapshots>();

    /// <summary>What a snapshot part of this shard is written from; throws when there is nothing to write.</summary>
    protected async Task<(EmbeddingTable Table, TableConfig Config, ShardSnapshots Snapshots)> RequireSnapshotSource()
    {
        var table = await TryLoadTable();
        var snapshots = Snapshots ?? throw new SnapshotFailedException("Snapshots are turned off (Snapshots:Store is None).");
        return table is null
            ? throw new SnapshotFailedException($"Table '{TableName}' does not exist; shard {Shard} has nothing to snapshot.")
            : (table, Config!, snapshots);
    }

    /// <summary>The rows, once the table is known (null before the first successful request).</summary>
    protected EmbeddingTable? Table => _table;

    /// <summary>Metrics and the silo's shard list (registered when the table is bound; null without LocalShards).</summary>
    protected ShardTelemetry? Telemetry { get; private set; }

    /// <summary>Makes empty rows for <paramref name="config"/>: with optimizer state (training) or values only (serving).</summary>
    protected abstract EmbeddingTable CreateTable(TableConfig config);

    /// <summary>The rows a shard of <paramref name="config"/> starts with: restored from a snapshot, or empty.</summary>
    protected virtual Task<EmbeddingTable> LoadTable(TableConfig config, CancellationToken cancellationToken) =>
        Task.FromResult(CreateTable(config));

    /// <summary>Reads the table's configuration and loads the rows before the first call is served.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var config = await GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key).TryDescribeTable(TableName);
        if (config is not null)
        {
            await Bind(config, cancellationToken);
        }
    }

    /// <summary>The rows, checked against the generation the caller routed by; loads the configuration if needed.</summary>
    protected async ValueTask<EmbeddingTable> RequireTable(long generation)
    {
        if (Config is null || generation > Config.Generation)
        {
            var config = await GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key).TryDescribeTable(TableName);
            if (config is null)
            {
                DeactivateOnIdle();
                throw new UnknownTableException($"Table '{TableName}' does not exist; create it with CreateTable first.");
            }

            await Bind(config, CancellationToken.None);
        }

        if (generation != 0 && generation != Config!.Generation)
        {
            throw new StaleTableException(
                $"Table '{TableName}' is at generation {Config.Generation}; the request was routed by generation {generation}. Describe the table again.");
        }

        return _table!;
    }

    /// <summary>Loads the configuration without a request (a sync stream or timer); null when the table is gone.</summary>
    protected async ValueTask<EmbeddingTable?> TryLoadTable()
    {
        if (_table is null)
        {
            var config = await GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key).TryDescribeTable(TableName);
            if (config is not null)
            {
                await Bind(config, CancellationToken.None);
            }
        }

        return _table;
    }

    protected void CheckRowCount(int rows)
    {
        if (rows > Options.MaxRowsPerCall)
        {
            throw new BatchTooLargeException(
                $"Table '{TableName}' shard {Shard}: {rows} rows in one call; the limit is {Options.MaxRowsPerCall} (ParameterServer:MaxRowsPerCall).");
        }
    }

    protected static void CheckLongs(byte[] bytes, string what, string table)
    {
        if (bytes.Length % sizeof(long) != 0)
        {
            throw new InvalidBatchException($"Table '{table}': {what} has {bytes.Length} bytes, not a whole number of 64-bit IDs.");
        }
    }

    protected ShardStats Stats(int fullResyncs, long epoch, long sequence) => new()
    {
        Table = TableName,
        Shard = Shard,
        Silo = silo.SiloAddress.ToString(),
        Pool = Options.Pool,
        Rows = _table?.Count ?? 0,
        MemoryBytes = _table?.MemoryBytes ?? 0,
        PendingChanges = _table?.PendingChangeCount ?? 0,
        FilteredPushRows = _table?.FilteredPushRows ?? 0,
        EvictedRows = _table?.EvictedRows ?? 0,
        SyncEpoch = epoch,
        SyncSequence = sequence,
        FullResyncs = fullResyncs,
    };

    /// <summary>Forgets the rows and lets the activation go (the table was dropped).</summary>
    protected void ForgetTable()
    {
        _table?.Dispose();
        _table = null;
        Config = null;
        Telemetry?.Dispose();
        Telemetry = null;
        DeactivateOnIdle();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _table?.Dispose();
        _table = null;
        Telemetry?.Dispose();
        Telemetry = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task Bind(TableConfig config, CancellationToken cancellationToken)
    {
        if (Shard < 0 || Shard >= config.Shards)
        {
            throw new InvalidBatchException($"Table '{config.Name}' has {config.Shards} shards; shard {Shard} does not exist.");
        }

        if (Config is not null && Config.Generation == config.Generation)
        {
            return;
        }

        // Registered before the rows load, so readiness reports the shard as loading while a snapshot is read; a
        // failed load unregisters it (the activation may be gone), and the next bind registers it again.
        Telemetry ??= ServiceProvider.GetService<LocalShards>()?.Register(this, TableName, Shard, () => _table);
        Telemetry?.Loaded = false;
        try
        {
            ReplaceTable(config, await LoadTable(config, cancellationToken));
        }
        catch
        {
            Telemetry?.Dispose();
            Telemetry = null;
            throw;
        }

        Telemetry?.Loaded = true;
    }

    /// <summary>Swaps in new rows for <paramref name="config"/> (a new generation, or a rollback to a snapshot).</summary>
    protected void ReplaceTable(TableConfig config, EmbeddingTable table)
    {
        _table?.Dispose();
        _table = table;
        Config = config;
        Telemetry ??= ServiceProvider.GetService<LocalShards>()?.Register(this, TableName, Shard, () => _table);
        OnTableBound(config);
    }

    /// <summary>Called when rows for a (new) table generation were created.</summary>
    protected virtual void OnTableBound(TableConfig config)
    {
    }
}
