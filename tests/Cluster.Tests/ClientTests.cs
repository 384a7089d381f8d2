using ParameterServer.Embeddings;

namespace ParameterServer.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ClientTests(TrainingServingClusterFixture fixture)
{
    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task RowsComeBackInTheCallersOrderWithDuplicates()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("order", shards: 5));
        long[] ids = [42, -7, 42, long.MaxValue, 0, long.MinValue, -7, 9_000_000_000];
        var rows = await Pooled.Client.PullForTraining(config.Name, ids);
        Assert.Equal(Tables.InitialRows(config, ids), rows);

        // Unknown IDs in serving get the same deterministic initial rows, not an error.
        long[] unseen = [123_456_789, -1, 5];
        Assert.Equal(Tables.InitialRows(config, unseen), await Pooled.Client.Lookup(config.Name, unseen));
    }

    [Fact]
    public async Task GradientsOfARepeatedIdAreSummed()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("sum", dimension: 4, shards: 3));
        long[] ids = [10, 11, 10, 10];
        var initial = await Pooled.Client.PullForTraining(config.Name, ids);
        float[] gradients =
        [
            1, 2, 3, 4,
            0.5f, 0.5f, 0.5f, 0.5f,
            -1, 0, 1, 2,
            0.25f, 0.25f, 0.25f, 0.25f,
        ];
        var reply = await Pooled.Client.PushGradients(config.Name, ids, gradients);
        Assert.Equal(new PushReply(AppliedRows: 2, FilteredRows: 0), reply);

        var rows = await Pooled.Client.PullForTraining(config.Name, new long[] { 10, 11 });
        float[] summed10 = [0.25f, 2.25f, 4.25f, 6.25f];
        for (var j = 0; j < 4; j++)
        {
            Assert.True(Math.Abs(initial[j] - 0.5f * summed10[j] - rows[j]) < 1e-6f, $"ID 10 column {j}: {rows[j]}");
            Assert.True(Math.Abs(initial[4 + j] - 0.5f * 0.5f - rows[4 + j]) < 1e-6f, $"ID 11 column {j}: {rows[4 + j]}");
        }
    }

    [Fact]
    public async Task IdsBelowMinCountGetNoRowAndTheirPushesAreCounted()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("admission", shards: 2, minCount: 3));
        long[] ids = [1, 2, 3];
        await Pooled.Client.PullForTraining(config.Name, ids);
        var reply = await Pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(3, config.Dimension, seed: 12));
        Assert.Equal(new PushReply(AppliedRows: 0, FilteredRows: 3), reply);
        Assert.Equal(0, await Rows(config));

        await Pooled.Client.PullForTraining(config.Name, ids);
        await Pooled.Client.PullForTraining(config.Name, ids);
        Assert.Equal(3, await Rows(config));
        Assert.Equal(new PushReply(3, 0), await Pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(3, config.Dimension, seed: 13)));
    }

    [Fact]
    public async Task ADroppedTableCanBeCreatedAgainWithAnotherShape()
    {
        var first = await Pooled.Client.CreateTable(Tables.Sgd("recreated", dimension: 4, shards: 2));
        long[] ids = [1, 2, 3];
        await Pooled.Client.PullForTraining(first.Name, ids);
        await Pooled.Client.PushGradients(first.Name, ids, RandomRows.Gradients(3, 4, seed: 14));

        // A second client keeps the old shape cached; the shards tell it the generation moved on.
        var staleClient = new ParameterServerClient(Pooled.Grains);
        await staleClient.DescribeTable(first.Name);

        await Pooled.Client.DropTable(first.Name);
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.DescribeTable(first.Name));
        var second = await Pooled.Client.CreateTable(Tables.Sgd("recreated", dimension: 6, shards: 3));
        Assert.True(second.Generation > first.Generation, $"generation {second.Generation} after {first.Generation}");

        Assert.Equal(Tables.InitialRows(second, ids), await Pooled.Client.PullForTraining(second.Name, ids));
        Assert.Equal(Tables.InitialRows(second, ids), await staleClient.PullForTraining(second.Name, ids));
    }

    private async Task<int> Rows(TableConfig config)
    {
        var rows = 0;
        for (var shard = 0; shard < config.Shards; shard++)
        {
            rows += (await Pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats()).Rows;
        }

        return rows;
    }
}
