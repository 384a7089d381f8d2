using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Cluster.Tests;

/// <summary>Each kind of bad input gets its own typed error, and the stored rows are the same afterwards.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(TrainingServingClusterFixture fixture)
{
    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task UnknownTableIsReportedByEveryCall()
    {
        var ids = new long[] { 1, 2, 3 };
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.DescribeTable("no-such-table"));
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.PullForTraining("no-such-table", ids));
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.Lookup("no-such-table", ids));
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.PushGradients("no-such-table", ids, new float[24]));
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.DropTable("no-such-table"));

        // A shard addressed directly, bypassing the SDK, refuses too.
        await Assert.ThrowsAsync<UnknownTableException>(() =>
            Pooled.Grains.GetGrain<ITrainingShardGrain>(0, "no-such-table").Pull(new IdBatch(1, BulkBytes.From(ids))));
    }

    [Fact]
    public async Task WrongGradientLengthChangesNothing()
    {
        var (config, ids, before) = await TrainedTable("bad-length");
        var error = await Assert.ThrowsAsync<InvalidBatchException>(() =>
            Pooled.Client.PushGradients(config.Name, ids, new float[ids.Length * config.Dimension - 1]));
        Assert.Contains("dimension", error.Message);

        // The same at the shard, where a caller bypassing the SDK lands.
        var shardIds = IdsOfShard(config, ids, 0);
        await Assert.ThrowsAsync<InvalidBatchException>(() =>
            Pooled.Grains.GetGrain<ITrainingShardGrain>(0, config.Name)
                .Push(new RowBatch(config.Generation, BulkBytes.From(shardIds), BulkBytes.From(new float[shardIds.Length * config.Dimension + 3]))));

        Assert.Equal(before, await Pooled.Client.PullForTraining(config.Name, ids));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task NonFiniteGradientRejectsTheWholeBatch(float bad)
    {
        var (config, ids, before) = await TrainedTable($"bad-value-{(float.IsNaN(bad) ? "nan" : bad > 0 ? "pinf" : "ninf")}");
        var gradients = RandomRows.Gradients(ids.Length, config.Dimension, seed: 9);
        gradients[^1] = bad;
        var error = await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.PushGradients(config.Name, ids, gradients));
        Assert.Contains("not finite", error.Message);

        // At the shard, the good rows before the bad one are not applied either.
        var shardIds = IdsOfShard(config, ids, 1);
        var shardGradients = RandomRows.Gradients(shardIds.Length, config.Dimension, seed: 10);
        shardGradients[^1] = bad;
        await Assert.ThrowsAsync<InvalidBatchException>(() =>
            Pooled.Grains.GetGrain<ITrainingShardGrain>(1, config.Name)
                .Push(new RowBatch(config.Generation, BulkBytes.From(shardIds), BulkBytes.From(shardGradients))));

        Assert.Equal(before, await Pooled.Client.PullForTraining(config.Name, ids));
    }

    [Fact]
    public async Task BatchesOverTheLimitAreRefused()
    {
        var (config, ids, before) = await TrainedTable("too-many");
        var client = new ParameterServerClient(Pooled.Grains, new ParameterServerClientOptions { MaxIdsPerCall = ids.Length - 1 });
        await Assert.ThrowsAsync<BatchTooLargeException>(() => client.PullForTraining(config.Name, ids));
        await Assert.ThrowsAsync<BatchTooLargeException>(() => client.Lookup(config.Name, ids));
        await Assert.ThrowsAsync<BatchTooLargeException>(() =>
            client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 11)));

        // The silo's own limit (100,000 rows per call in these tests) holds against callers that skip the SDK.
        var huge = Enumerable.Range(0, 100_001).Select(i => (long)i).ToArray();
        await Assert.ThrowsAsync<BatchTooLargeException>(() =>
            Pooled.Grains.GetGrain<ITrainingShardGrain>(0, config.Name)
                .Push(new RowBatch(config.Generation, BulkBytes.From(huge), BulkBytes.From(new float[huge.Length * config.Dimension]))));

        Assert.Equal(before, await Pooled.Client.PullForTraining(config.Name, ids));
    }

    [Fact]
    public async Task InvalidTableConfigsAreRefusedByClientAndRegistry()
    {
        var good = Tables.Sgd("config-check");
        TableConfig[] invalid =
        [
            good with { Name = "" },
            good with { Name = "has space" },
            good with { Shards = 0 },
            good with { Shards = TableConfig.MaxShards + 1 },
            good with { Embedding = good.Embedding with { Dimension = 0 } },
            good with { Embedding = good.Embedding with { MinCount = 0 } },
            good with { Embedding = good.Embedding with { TimeToLive = TimeSpan.Zero } },
            good with { Embedding = good.Embedding with { Optimizer = SparseOptimizerSettings.Sgd(float.NaN) } },
            good with { Embedding = good.Embedding with { Optimizer = SparseOptimizerSettings.Adagrad(-1f) } },
            good with { Embedding = good.Embedding with { Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Normal, -1f, 0) } },
        ];

        var registry = Pooled.Grains.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key);
        foreach (var config in invalid)
        {
            await Assert.ThrowsAsync<InvalidTableConfigException>(() => Pooled.Client.CreateTable(config));
            await Assert.ThrowsAsync<InvalidTableConfigException>(() => registry.CreateTable(config));
        }

        Assert.DoesNotContain(await registry.ListTables(), t => t.Name == good.Name);
    }

    [Fact]
    public async Task CreatingAnExistingTableWithAnotherConfigIsAConflict()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("conflict", dimension: 8));
        Assert.Equal(config, await Pooled.Client.CreateTable(Tables.Sgd("conflict", dimension: 8)));
        var error = await Assert.ThrowsAsync<TableConfigConflictException>(() => Pooled.Client.CreateTable(Tables.Sgd("conflict", dimension: 16)));
        Assert.Contains("different configuration", error.Message);
        Assert.Equal(8, (await Pooled.Client.DescribeTable("conflict")).Dimension);
    }

    private async Task<(TableConfig Config, long[] Ids, float[] Rows)> TrainedTable(string name)
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd(name));
        var ids = Enumerable.Range(0, 400).Select(i => (long)i).ToArray();
        await Pooled.Client.PullForTraining(config.Name, ids);
        await Pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 8));
        return (config, ids, await Pooled.Client.PullForTraining(config.Name, ids));
    }

    private static long[] IdsOfShard(TableConfig config, long[] ids, int shard) =>
        ids.Where(id => ShardRouter.ShardOf(id, config.Shards) == shard).ToArray();
}
