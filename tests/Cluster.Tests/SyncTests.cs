using System.Diagnostics;

namespace ParameterServer.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SyncTests(TrainingServingClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task PushedRowsReachServingWithinTheSyncInterval()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("sync-push"));
        var ids = Enumerable.Range(0, 3_000).Select(i => (long)i * 7919).ToArray();
        var before = await Pooled.Client.PullForTraining(config.Name, ids);
        var gradients = RandomRows.Gradients(ids.Length, config.Dimension, seed: 1);
        await Pooled.Client.PushGradients(config.Name, ids, gradients);
        var acknowledged = Stopwatch.StartNew();

        var trained = await Pooled.Client.PullForTraining(config.Name, ids);
        for (var i = 0; i < trained.Length; i++)
        {
            Assert.True(Math.Abs(before[i] - 0.5f * gradients[i] - trained[i]) < 1e-6f,
                $"training row value {i} is {trained[i]}; SGD with lr 0.5 gives {before[i] - 0.5f * gradients[i]}");
        }

        await Eventually.Holds(
            $"serving copy of '{config.Name}' to equal training after a push",
            Deadline,
            async () => (await Pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));

        // A freshness figure to read in the test log; the benchmark measures it properly.
        Console.WriteLine($"serving caught up {acknowledged.Elapsed.TotalMilliseconds:0} ms after the push (sync interval {PooledCluster.SyncInterval.TotalMilliseconds} ms)");
    }

    [Fact]
    public async Task EvictedRowsDisappearFromServing()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("sync-ttl", ttl: TimeSpan.FromSeconds(1)));
        var ids = Enumerable.Range(1, 500).Select(i => (long)i).ToArray();
        var initial = Tables.InitialRows(config, ids);
        await Pooled.Client.PullForTraining(config.Name, ids);
        await Pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 2));

        await Eventually.Holds(
            $"trained rows of '{config.Name}' to reach serving",
            Deadline,
            async () => !(await Pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(initial));

        await Eventually.Holds(
            $"rows of '{config.Name}' past their 1 s TTL to be evicted from training and serving",
            Deadline,
            async () => await StoredRows(config) == (0, 0)
                && (await Pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(initial),
            async () => $"stored rows (training, serving) = {await StoredRows(config)}");
    }

    [Fact]
    public async Task ReactivatedServingShardIsRebuiltByAFullCopy()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("sync-reactivate", shards: 2));
        var ids = Enumerable.Range(0, 1_000).Select(i => (long)i).ToArray();
        await Pooled.Client.PullForTraining(config.Name, ids);
        await Pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 3));
        var trained = await Pooled.Client.PullForTraining(config.Name, ids);
        await Eventually.Holds(
            $"serving copy of '{config.Name}' to equal training",
            Deadline,
            async () => (await Pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));

        var training = Pooled.Grains.GetGrain<ITrainingShardGrain>(0, config.Name);
        var copiesBefore = (await training.GetStats()).FullResyncs;
        await Pooled.Cluster.DeactivateAsync(Pooled.Grains.GetGrain<IServingShardGrain>(0, config.Name));

        await Eventually.Holds(
            $"training shard 0 of '{config.Name}' to send a full copy to the reactivated serving shard",
            Deadline,
            async () => (await training.GetStats()).FullResyncs > copiesBefore);
        Assert.Equal(trained, await Pooled.Client.Lookup(config.Name, ids));
        var serving = await Pooled.Grains.GetGrain<IServingShardGrain>(0, config.Name).GetStats();
        Assert.True(serving.FullResyncs == 1 && serving.Rows == (await training.GetStats()).Rows,
            $"reactivated serving shard 0 holds {serving.Rows} rows after {serving.FullResyncs} full copies");
    }

    private async Task<(int Training, int Serving)> StoredRows(TableConfig config)
    {
        var training = 0;
        var serving = 0;
        for (var shard = 0; shard < config.Shards; shard++)
        {
            training += (await Pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats()).Rows;
            serving += (await Pooled.Grains.GetGrain<IServingShardGrain>(shard, config.Name).GetStats()).Rows;
        }

        return (training, serving);
    }
}
