using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Ctr;

[Collection(TrainerClusterCollection.Name)]
public sealed class TrainerRestartTests(TrainerClusterFixture fixture)
{
    [Fact]
    public async Task ARestartedTrainerContinuesFromTheClusterParameters()
    {
        var cluster = fixture.Cluster;
        var data = MovieLensCtr.Build("restart.");
        var split = MovieLensCtr.InteractionLog.SplitIndex(0.8);
        var options = new CtrTrainerOptions { Name = "restart", BatchSize = 256 };
        var train = Enumerable.Range(0, split * 20).Select(i => i % split).ToArray();

        var first = await CtrTrainer.Connect(data.Schema, options, cluster.Sparse, cluster.Dense);
        var generations = await Generations(cluster, data.Schema.Tables);
        // Stopped mid-run once it has taken 50 steps (of 6,250), wherever the loop then is.
        using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var killer = Task.Run(async () =>
        {
            while (first.DenseVersion < 50 && !kill.IsCancellationRequested)
            {
                await Task.Delay(5);
            }

            await kill.CancelAsync();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Train(data, train, cancellationToken: kill.Token));
        await killer;
        var before = await first.Evaluate(data, split, split, data.Count);
        var versionBefore = first.DenseVersion;
        var rowsBefore = await Rows(cluster, data.Schema.Tables, options.Shards);
        first.Dispose();
        Assert.InRange(versionBefore, 50, 6_000);

        // A new trainer with a fresh model (its own random dense weights) joins the same tables and model.
        using var second = await CtrTrainer.Connect(data.Schema, options, cluster.Sparse, cluster.Dense);
        var after = await second.Evaluate(data, split, split, data.Count);

        Assert.Equal(versionBefore, second.DenseVersion);
        Assert.Equal(generations, await Generations(cluster, data.Schema.Tables));
        Assert.Equal(rowsBefore, await Rows(cluster, data.Schema.Tables, options.Shards));
        Assert.Equal(before, after);
        Assert.True(before.Auc > 0.5, $"the first trainer learned something: {before}");
    }

    private static async Task<long[]> Generations(TrainerCluster cluster, string[] tables) =>
        await Task.WhenAll(tables.Select(async t => (await cluster.Sparse.DescribeTable(t)).Generation));

    private static async Task<long[]> Rows(TrainerCluster cluster, string[] tables, int shards) =>
        await Task.WhenAll(tables.SelectMany(t => Enumerable.Range(0, shards)
            .Select(async s => (long)(await cluster.Grains.GetGrain<ITrainingShardGrain>(s, t).GetStats()).Rows)));
}
