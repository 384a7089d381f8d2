using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Grains.Training;

/// <summary>
/// One shard of a table in the training pool. Its sync timer sends the rows changed since the last tick (values and
/// tombstones, no optimizer state) to the serving shard of the same key, numbered so that the receiver can detect a
/// gap or a restart; on such a report, or after a failed send, it sends a full copy instead.
/// </summary>
[PoolPlacementFilter(SiloPool.Training)]
// Spread shards at random over the pool: the default (resource-optimised) keeps most of them on the silo that places
// them, and activation-count placement ignores silos whose counts it has not heard yet, so both leave silos idle.
[Orleans.Placement.RandomPlacement]
internal sealed partial class TrainingShardGrain(
    IOptions<ParameterServerOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<TrainingShardGrain> logger) : ShardGrain(options, silo), ITrainingShardGrain
{

    // A fresh number per activation tells serving that the stream restarted.
    private readonly long _epoch = Random.Shared.NextInt64(1, long.MaxValue);
    private long _sequence;
    private bool _needsFullCopy = true;
    private int _fullCopies;
    private IGrainTimer? _evictionTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // KeepAlive: the rows live only in this activation, so idleness must not collect it.
        this.RegisterGrainTimer(SyncToServing, new GrainTimerCreationOptions
        {
            DueTime = Options.SyncInterval,
            Period = Options.SyncInterval,
            KeepAlive = true,
        });
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request)
    {
        var (table, config, snapshots) = await RequireSnapshotSource();
        return await snapshots.WriteTrainingPart(table, config, Shard, request, CancellationToken.None);
    }

    public async Task RestoreFrom(string snapshotId)
    {
        var config = Config ?? throw new UnknownTableException($"Table '{TableName}' does not exist; nothing to restore.");
        var snapshots = Snapshots ?? throw new SnapshotFailedException("Snapshots are turned off (Snapshots:Store is None).");
        ReplaceTable(config, await snapshots.RestoreTraining(config, Shard, snapshotId, CancellationToken.None) ?? CreateTable(config));
        _needsFullCopy = true;
    }

    public async Task<ValueBatch> Pull(IdBatch ids)
    {
        var table = await RequireTable(ids.Generation);
        CheckLongs(ids.IdBytes, "ids", TableName);
        CheckRowCount(ids.Count);
        var values = BulkBytes.ForFloats(ids.Count * table.Dimension);
        table.PullForTraining(ids.Ids, BulkBytes.AsWritableFloats(values), NowMs);
        Telemetry?.Pulled(ids.Count);
        return new ValueBatch(values);
    }

    public async Task<PushReply> Push(RowBatch gradients)
    {
        var table = await RequireTable(gradients.Generation);
        CheckLongs(gradients.IdBytes, "ids", TableName);
        CheckRowCount(gradients.Count);
        if (gradients.ValueBytes.Length != gradients.Count * table.Dimension * sizeof(float))
        {
            throw new InvalidBatchException(
                $"Table '{TableName}': {gradients.ValueBytes.Length / sizeof(float)} gradient values for {gradients.Count} IDs of dimension {table.Dimension}; nothing was applied.");
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = table.ApplyGradients(gradients.Ids, gradients.Values, NowMs);
            Telemetry?.Pushed(gradients.Count, outcome.FilteredRows, started);
            return new PushReply(outcome.AppliedRows, outcome.FilteredRows);
        }
        catch (ArgumentException e)
        {
            throw new InvalidBatchException($"Table '{TableName}' shard {Shard}: {e.Message}; nothing was applied.");
        }
    }

    public Task<ShardStats> GetStats() => Task.FromResult(Stats(_fullCopies, _epoch, _sequence));

    public Task Drop()
    {
        _evictionTimer?.Dispose();
        _evictionTimer = null;
        ForgetTable();
        return Task.CompletedTask;
    }

    protected override EmbeddingTable CreateTable(TableConfig config) => new(config.Embedding);

    protected override async Task<EmbeddingTable> LoadTable(TableConfig config, CancellationToken cancellationToken) =>
        (Snapshots is { } snapshots ? await snapshots.RestoreTraining(config, Shard, endingAt: null, cancellationToken) : null) ?? CreateTable(config);

    protected override void OnTableBound(TableConfig config)
    {
        _evictionTimer?.Dispose();
        _evictionTimer = config.Embedding.TimeToLive is null
            ? null
            : this.RegisterGrainTimer(EvictExpired, new GrainTimerCreationOptions
            {
                DueTime = Options.EvictionInterval,
                Period = Options.EvictionInterval,
            });
    }

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task EvictExpired(CancellationToken cancellationToken)
    {
        var evicted = Table?.EvictExpired(NowMs) ?? 0;
        Telemetry?.Evicted(evicted);
        if (evicted > 0)
        {
            LogEvicted(logger, TableName, Shard, evicted);
        }

        return Task.CompletedTask;
    }

    private async Task SyncToServing(CancellationToken cancellationToken)
    {
        var table = Table;
        if (table is null)
        {
            return;
        }

        var serving = GrainFactory.GetGrain<IServingShardGrain>(Shard, TableName);
        try
        {
            if (!_needsFullCopy)
            {
                // At least one batch per tick, empty or not: the heartbeat lets a restarted serving shard ask for a copy.
                do
                {
                    var batch = TakeChanges(table);
                    var reply = await serving.ApplySync(batch);
                    if (reply.NeedsFullResync)
                    {
                        LogServingAskedForCopy(logger, TableName, Shard, _sequence);
                        _needsFullCopy = true;
                        break;
                    }

                    Telemetry?.SyncAcknowledged(batch, NowMs);
                }
                while (table.PendingChangeCount > 0 || table.PendingTombstoneCount > 0);
            }

            if (_needsFullCopy)
            {
                await SendFullCopy(table, serving);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Changes taken for the failed send are gone from the pending set; only a full copy restores serving.
            _needsFullCopy = true;
            LogSyncFailed(logger, e, TableName, Shard);
        }
    }

    private SyncBatch TakeChanges(EmbeddingTable table)
    {
        var rows = Math.Min(table.PendingChangeCount, Options.SyncBatchRows);
        var tombstones = Math.Min(table.PendingTombstoneCount, Options.SyncBatchRows);
        var ids = BulkBytes.ForLongs(rows);
        var values = BulkBytes.ForFloats(rows * table.Dimension);
        var updatedAt = BulkBytes.ForLongs(rows);
        var tombstoneIds = BulkBytes.ForLongs(tombstones);
        var taken = table.TakeChanges(
            BulkBytes.AsWritableLongs(ids),
            BulkBytes.AsWritableFloats(values),
            BulkBytes.AsWritableLongs(updatedAt),
            BulkBytes.AsWritableLongs(tombstoneIds));

        // The table holds rows back while tombstones are pending (a recreated row must not overtake its tombstone),
        // so a batch may carry fewer rows than were pending; the loop in SyncToServing sends the rest.
        return new SyncBatch
        {
            Epoch = _epoch,
            Sequence = ++_sequence,
            IdBytes = Prefix(ids, taken.Rows * sizeof(long)),
            ValueBytes = Prefix(values, taken.Rows * table.Dimension * sizeof(float)),
            UpdatedAtBytes = Prefix(updatedAt, taken.Rows * sizeof(long)),
            TombstoneBytes = Prefix(tombstoneIds, taken.Tombstones * sizeof(long)),
            Dimension = table.Dimension,
        };
    }

    private static byte[] Prefix(byte[] bytes, int length) => length == bytes.Length ? bytes : bytes[..length];

    private async Task SendFullCopy(EmbeddingTable table, IServingShardGrain serving)
    {
        // The copy carries every row as it is now, so pending changes are already part of it. The grain is not
        // reentrant, so no push lands between the chunks.
        table.DiscardChanges();
        var total = table.Count;
        var sent = 0;
        var cursor = 0;
        var first = true;
        do
        {
            var rows = Math.Min(total - sent, Options.SyncBatchRows);
            var ids = BulkBytes.ForLongs(rows);
            var values = BulkBytes.ForFloats(rows * table.Dimension);
            var updatedAt = BulkBytes.ForLongs(rows);
            var exported = table.Export(
                ref cursor, BulkBytes.AsWritableLongs(ids), BulkBytes.AsWritableFloats(values), [], BulkBytes.AsWritableLongs(updatedAt));
            if (exported != rows)
            {
                throw new InvalidOperationException($"Table '{TableName}' shard {Shard}: exported {exported} rows where {rows} were expected.");
            }

            sent += rows;
            await serving.ApplySync(new SyncBatch
            {
                Epoch = _epoch,
                Sequence = ++_sequence,
                Reset = first,
                Complete = sent == total,
                IdBytes = ids,
                ValueBytes = values,
                UpdatedAtBytes = updatedAt,
                TombstoneBytes = [],
                Dimension = table.Dimension,
            });
            first = false;
        }
        while (sent < total);

        _needsFullCopy = false;
        _fullCopies++;
        Telemetry?.FullCopySent(NowMs);
        LogFullCopySent(logger, TableName, Shard, total);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of table {Table} shard {Shard} to serving failed; a full copy follows")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string table, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving copy of table {Table} shard {Shard} asked for a full copy at sequence {Sequence}")]
    private static partial void LogServingAskedForCopy(ILogger logger, string table, int shard, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent a full copy of table {Table} shard {Shard} to serving: {Rows} rows")]
    private static partial void LogFullCopySent(ILogger logger, string table, int shard, int rows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted {Rows} expired rows of table {Table} shard {Shard}")]
    private static partial void LogEvicted(ILogger logger, string table, int shard, int rows);
}
