using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Grains.Serving;

/// <summary>
/// The serving copy of one shard: values only, written by the training shard's sync stream. It applies a batch only
/// when it continues the stream it knows (same epoch, next sequence) or starts a full copy; anything else, including
/// its own fresh activation, gets a request for a full copy.
/// </summary>
[PoolPlacementFilter(SiloPool.Serving)]
// Spread shards at random over the pool: the default (resource-optimised) keeps most of them on the silo that places
// them, and activation-count placement ignores silos whose counts it has not heard yet, so both leave silos idle.
[Orleans.Placement.RandomPlacement]
internal sealed partial class ServingShardGrain(
    IOptions<ParameterServerOptions> options,
    ILocalSiloDetails silo,
    ILogger<ServingShardGrain> logger) : ShardGrain(options, silo), IServingShardGrain
{

    private long _epoch;
    private long _sequence;
    private int _fullCopies;

    public async Task<ValueBatch> Lookup(IdBatch ids)
    {
        var table = await RequireTable(ids.Generation);
        CheckLongs(ids.IdBytes, "ids", TableName);
        CheckRowCount(ids.Count);
        var values = BulkBytes.ForFloats(ids.Count * table.Dimension);
        table.Lookup(ids.Ids, BulkBytes.AsWritableFloats(values));
        Telemetry?.LookedUp(ids.Count);
        return new ValueBatch(values);
    }

    public async Task<TopKReply> TopK(TopKQuery query)
    {
        var table = await RequireTable(query.Generation);
        CheckLongs(query.ExcludeBytes, "exclude", TableName);
        if (query.K is < 1 or > ParameterServerClient.MaxTopK || query.QueryBytes.Length != table.Dimension * sizeof(float)
            || FloatSpans.IndexOfNonFinite(query.Query) >= 0)
        {
            throw new InvalidBatchException(
                $"Table '{TableName}': top-k needs 1 ≤ k ≤ {ParameterServerClient.MaxTopK} (got {query.K}) and a finite query of dimension {table.Dimension}.");
        }

        var ids = new long[query.K];
        var scores = new float[query.K];
        var found = table.TopK(query.Query, query.K, query.Exclude.ToArray().ToHashSet(), ids, scores);
        return new TopKReply(BulkBytes.From(ids.AsSpan(0, found)), BulkBytes.From(scores.AsSpan(0, found)));
    }

    public async Task<SyncReply> ApplySync(SyncBatch batch)
    {
        var table = await TryLoadTable();
        if (table is null)
        {
            throw new UnknownTableException($"Table '{TableName}' does not exist; its sync stream is ignored.");
        }

        if (batch.Dimension != table.Dimension || batch.ValueBytes.Length != batch.RowCount * table.Dimension * sizeof(float))
        {
            throw new InvalidBatchException(
                $"Table '{TableName}' shard {Shard}: sync batch of dimension {batch.Dimension} with {batch.ValueBytes.Length} value bytes for {batch.RowCount} rows; this copy has dimension {table.Dimension}.");
        }

        if (batch.Reset)
        {
            table.Clear();
            _epoch = batch.Epoch;
            _fullCopies++;
        }
        else if (batch.Epoch != _epoch || batch.Sequence != _sequence + 1)
        {
            LogStreamBroken(logger, TableName, Shard, _epoch, _sequence, batch.Epoch, batch.Sequence);
            return new SyncReply(NeedsFullResync: true);
        }

        _sequence = batch.Sequence;
        table.Remove(batch.Tombstones);
        table.Upsert(batch.Ids, batch.Values, batch.UpdatedAtMs);

        // This copy forwards nothing, so its own change and tombstone lists are dropped as soon as they fill.
        table.DiscardChanges();
        if (batch.Complete)
        {
            LogFullCopyReceived(logger, TableName, Shard, table.Count);
        }

        return new SyncReply(NeedsFullResync: false);
    }

    public Task<ShardStats> GetStats() => Task.FromResult(Stats(_fullCopies, _epoch, _sequence));

    public Task Drop()
    {
        ForgetTable();
        return Task.CompletedTask;
    }

    public async Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request)
    {
        var (table, config, snapshots) = await RequireSnapshotSource();
        return await snapshots.WriteServingPart(table, config, Shard, request, CancellationToken.None);
    }

    // A warm start: lookups are answered from the last full snapshot until training's first copy replaces it.
    // Serving must not depend on the snapshot store, so a store it cannot read means starting empty.
    protected override async Task<EmbeddingTable> LoadTable(TableConfig config, CancellationToken cancellationToken)
    {
        try
        {
            return (Snapshots is { } snapshots ? await snapshots.RestoreServing(config, Shard, cancellationToken) : null) ?? CreateTable(config);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmStartSkipped(logger, e, TableName, Shard);
            return CreateTable(config);
        }
    }

    protected override EmbeddingTable CreateTable(TableConfig config) =>
        new(config.Embedding with { ValuesOnly = true, MinCount = 1, TimeToLive = null });

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving copy of table {Table} shard {Shard} at epoch {Epoch} sequence {Sequence} got epoch {BatchEpoch} sequence {BatchSequence}; asking for a full copy")]
    private static partial void LogStreamBroken(ILogger logger, string table, int shard, long epoch, long sequence, long batchEpoch, long batchSequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving copy of table {Table} shard {Shard} starts empty: the snapshot store could not be read; training's full copy follows")]
    private static partial void LogWarmStartSkipped(ILogger logger, Exception exception, string table, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving copy of table {Table} shard {Shard} received a full copy: {Rows} rows")]
    private static partial void LogFullCopyReceived(ILogger logger, string table, int shard, int rows);
}
