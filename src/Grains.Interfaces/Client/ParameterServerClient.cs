using System.Collections.Concurrent;
using ParameterServer.Embeddings;
using ParameterServer.Telemetry;

namespace ParameterServer;

/// <summary>
/// The SDK for trainers and serving callers. Each call deduplicates the caller's IDs, routes them by
/// <c>ShardRouter.ShardOf(id, shards)</c>, sends one call per shard in parallel and returns rows in the caller's order.
/// Thread-safe; keep one per process.
/// </summary>
public sealed class ParameterServerClient
{
    private readonly IGrainFactory _grains;
    private readonly ParameterServerClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CachedTable> _tables = new(StringComparer.Ordinal);

    public ParameterServerClient(IGrainFactory grains, ParameterServerClientOptions? options = null, TimeProvider? time = null)
    {
        _grains = grains;
        _options = options ?? new ParameterServerClientOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
    }

    private ISnapshotGrain Snapshots => _grains.GetGrain<ISnapshotGrain>(ISnapshotGrain.Key);

    private ITableRegistryGrain Registry => _grains.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key);

    /// <summary>Creates a table (or returns the existing one when the definition is identical).</summary>
    public async Task<TableConfig> CreateTable(TableConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var created = await Registry.CreateTable(config);
        Remember(created);
        return created;
    }

    /// <summary>The table's configuration; throws <see cref="UnknownTableException"/>.</summary>
    public async Task<TableConfig> DescribeTable(string table)
    {
        var config = await Registry.DescribeTable(table);
        Remember(config);
        return config;
    }

    public async Task DropTable(string table)
    {
        _tables.TryRemove(table, out _);
        await Registry.DropTable(table);
    }

    /// <summary>Writes a snapshot of every table now (an incremental one becomes full when there is no chain to
    /// extend); returns once its manifest is written. Throws <see cref="SnapshotFailedException"/>.</summary>
    public Task<SnapshotInfo> SnapshotNow(SnapshotKind kind = SnapshotKind.Full) => Snapshots.SnapshotNow(kind);

    /// <summary>Complete snapshots, newest first.</summary>
    public Task<SnapshotInfo[]> ListSnapshots() => Snapshots.ListSnapshots();

    /// <summary>Rolls the tables of a snapshot back to it; serving follows. Returns the training shards restored.</summary>
    public Task<int> RestoreSnapshot(string snapshotId) => Snapshots.Restore(snapshotId);

    /// <summary>Rows for training into <paramref name="destination"/> (ids.Length × dimension floats). Each ID counts
    /// toward the table's admission filter; admitted IDs get a row.</summary>
    public Task PullForTraining(string table, ReadOnlyMemory<long> ids, Memory<float> destination) =>
        Fetch(table, ids, destination, PullFromTraining);

    /// <summary>As <see cref="PullForTraining(string, ReadOnlyMemory{long}, Memory{float})"/>, into a new array.</summary>
    public Task<float[]> PullForTraining(string table, ReadOnlyMemory<long> ids) => Fetch(table, ids, null, PullFromTraining);

    /// <summary>Rows from the serving pool into <paramref name="destination"/>; an unknown ID gets its initial row.</summary>
    public Task Lookup(string table, ReadOnlyMemory<long> ids, Memory<float> destination) =>
        Fetch(table, ids, destination, LookupInServing);

    /// <summary>As <see cref="Lookup(string, ReadOnlyMemory{long}, Memory{float})"/>, into a new array.</summary>
    public Task<float[]> Lookup(string table, ReadOnlyMemory<long> ids) => Fetch(table, ids, null, LookupInServing);

    /// <summary>Largest k a top-k query may ask for.</summary>
    public const int MaxTopK = 10_000;

    /// <summary>
    /// The <paramref name="k"/> rows of the serving copy with the highest inner product with <paramref name="query"/>,
    /// best first (equal scores: smaller ID first), skipping <paramref name="exclude"/>: every serving shard computes
    /// its own top k with SIMD dot products and the SDK merges them, so the result equals a brute-force scan.
    /// </summary>
    public async Task<ScoredId[]> TopK(string table, ReadOnlyMemory<float> query, int k, ReadOnlyMemory<long> exclude = default)
    {
        var config = await GetTable(table);
        if (k is < 1 or > MaxTopK)
        {
            throw new InvalidBatchException($"Table '{table}': k is {k}; ask for 1 to {MaxTopK} rows.");
        }

        CheckLength(config, 1, query.Length, "query");
        if (FloatSpans.IndexOfNonFinite(query.Span) >= 0)
        {
            throw new InvalidBatchException($"Table '{table}': the query vector has a value that is not finite.");
        }

        var request = new TopKQuery(config.Generation, BulkBytes.From(query.Span), k, BulkBytes.From(exclude.Span));
        var replies = await Task.WhenAll(Enumerable.Range(0, config.Shards)
            .Select(shard => _grains.GetGrain<IServingShardGrain>(shard, config.Name).TopK(request)));
        var best = new TopKHeap(k);
        foreach (var reply in replies)
        {
            for (var i = 0; i < reply.Ids.Length; i++)
            {
                best.Offer(reply.Ids[i], reply.Scores[i]);
            }
        }

        return ScoredId.Drain(best);
    }

    /// <summary>
    /// The user's top <paramref name="k"/> items: the user grain fuses the long-term embedding with the realtime
    /// sequence and retrieves by <see cref="TopK"/> over the item table; a user with neither gets the popular items
    /// (<see cref="Realtime.RecommendationSource.Popularity"/>). <paramref name="excludeSeen"/> leaves out the
    /// sequence's items.
    /// </summary>
    public Task<Realtime.Recommendation> Recommend(long userId, int k, bool excludeSeen = true)
    {
        if (k is < 1 or > MaxTopK)
        {
            throw new InvalidBatchException($"k is {k}; ask for 1 to {MaxTopK} items.");
        }

        return _grains.GetGrain<Realtime.IUserGrain>(userId).Recommend(k, excludeSeen);
    }

    /// <summary>Applies gradients (ids.Length × dimension floats). Gradients of a repeated ID are summed. The batch is
    /// checked whole before anything is sent, so a bad value rejects all of it.</summary>
    public async Task<PushReply> PushGradients(string table, ReadOnlyMemory<long> ids, ReadOnlyMemory<float> gradients)
    {
        using var activity = ParameterServerTelemetry.StartCall(nameof(PushGradients), table, ids.Length);
        CheckBatchSize(table, ids.Length);
        var config = await GetTable(table);
        for (var attempt = 0; ; attempt++)
        {
            CheckLength(config, ids.Length, gradients.Length, "gradients");
            CheckFinite(config, gradients.Span);
            using var plan = ShardPlan.Create(ids.Span, config.Shards);
            var shardGradients = plan.SumPerShard(gradients.Span, config.Dimension);
            var calls = new List<Task<PushReply>>(config.Shards);
            for (var shard = 0; shard < config.Shards; shard++)
            {
                if (plan.ShardCounts[shard] > 0)
                {
                    var batch = new RowBatch(config.Generation, plan.ShardIdBytes[shard], shardGradients[shard]);
                    calls.Add(_grains.GetGrain<ITrainingShardGrain>(shard, config.Name).Push(batch));
                }
            }

            try
            {
                var replies = await Task.WhenAll(calls);
                return new PushReply(replies.Sum(r => r.AppliedRows), replies.Sum(r => r.FilteredRows));
            }
            catch (StaleTableException) when (attempt == 0)
            {
                config = await DescribeTable(table);
            }
        }
    }

    private static Task<ValueBatch> PullFromTraining(IGrainFactory grains, TableConfig config, int shard, IdBatch batch) =>
        grains.GetGrain<ITrainingShardGrain>(shard, config.Name).Pull(batch);

    private static Task<ValueBatch> LookupInServing(IGrainFactory grains, TableConfig config, int shard, IdBatch batch) =>
        grains.GetGrain<IServingShardGrain>(shard, config.Name).Lookup(batch);

    /// <summary>Fetches rows into <paramref name="destination"/>, or into a new array sized by the table's current
    /// dimension when it is null; returns the rows.</summary>
    private async Task<float[]> Fetch(
        string table,
        ReadOnlyMemory<long> ids,
        Memory<float>? destination,
        Func<IGrainFactory, TableConfig, int, IdBatch, Task<ValueBatch>> call)
    {
        using var activity = ParameterServerTelemetry.StartCall(call == LookupInServing ? nameof(Lookup) : nameof(PullForTraining), table, ids.Length);
        CheckBatchSize(table, ids.Length);
        var config = await GetTable(table);
        for (var attempt = 0; ; attempt++)
        {
            var rows = destination is null ? new float[ids.Length * config.Dimension] : null;
            var target = destination ?? rows;
            CheckLength(config, ids.Length, target.Length, "destination");
            using var plan = ShardPlan.Create(ids.Span, config.Shards);
            var replies = new Task<ValueBatch>?[config.Shards];
            for (var shard = 0; shard < config.Shards; shard++)
            {
                if (plan.ShardCounts[shard] > 0)
                {
                    replies[shard] = call(_grains, config, shard, new IdBatch(config.Generation, plan.ShardIdBytes[shard]));
                }
            }

            try
            {
                var shardRows = new ValueBatch?[config.Shards];
                for (var shard = 0; shard < config.Shards; shard++)
                {
                    shardRows[shard] = replies[shard] is { } reply ? await reply : null;
                }

                plan.Gather(shardRows, config.Dimension, target.Span);
                return rows ?? [];
            }
            catch (StaleTableException) when (attempt == 0)
            {
                config = await DescribeTable(table);
            }
        }
    }

    /// <summary>The table's configuration as this client last read it (at most
    /// <see cref="ParameterServerClientOptions.TableCacheDuration"/> old): no registry call on the hot path.</summary>
    public async ValueTask<TableConfig> GetTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_tables.TryGetValue(table, out var cached) && _time.GetUtcNow() - cached.ReadAt < _options.TableCacheDuration)
        {
            return cached.Config;
        }

        return await DescribeTable(table);
    }

    private void Remember(TableConfig config) => _tables[config.Name] = new CachedTable(config, _time.GetUtcNow());

    private void CheckBatchSize(string table, int count)
    {
        if (count > _options.MaxIdsPerCall)
        {
            throw new BatchTooLargeException(
                $"Table '{table}': {count} IDs in one call; the limit is {_options.MaxIdsPerCall} (ParameterServerClientOptions.MaxIdsPerCall). Split the batch.");
        }
    }

    private static void CheckLength(TableConfig config, int ids, int floats, string what)
    {
        if (floats != ids * config.Dimension)
        {
            throw new InvalidBatchException(
                $"Table '{config.Name}': {what} has {floats} floats; {ids} IDs × dimension {config.Dimension} needs {ids * config.Dimension}.");
        }
    }

    private static void CheckFinite(TableConfig config, ReadOnlySpan<float> values)
    {
        var bad = FloatSpans.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidBatchException(
                $"Table '{config.Name}': gradient value {values[bad]} at row {bad / config.Dimension}, column {bad % config.Dimension} is not finite; nothing was applied.");
        }
    }

    private sealed record CachedTable(TableConfig Config, DateTimeOffset ReadAt);
}
