namespace ParameterServer.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PoolPlacementTests(TrainingServingClusterFixture fixture)
{
    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task EachShardGrainActivatesOnlyInItsPool()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("placement", shards: 8));
        var ids = Enumerable.Range(0, 2_000).Select(i => (long)i).ToArray();
        await Pooled.Client.PullForTraining(config.Name, ids);
        await Pooled.Client.Lookup(config.Name, ids);

        var trainingSilo = Pooled.SiloNamed("Silo_0");
        var servingSilo = Pooled.SiloNamed("Silo_1");
        for (var shard = 0; shard < config.Shards; shard++)
        {
            var training = await Pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats();
            var serving = await Pooled.Grains.GetGrain<IServingShardGrain>(shard, config.Name).GetStats();
            Assert.True(training.Silo == trainingSilo && training.Pool == "training",
                $"training shard {shard} of '{config.Name}' is on {training.Silo} (pool {training.Pool}); expected {trainingSilo} (training)");
            Assert.True(serving.Silo == servingSilo && serving.Pool == "serving",
                $"serving shard {shard} of '{config.Name}' is on {serving.Silo} (pool {serving.Pool}); expected {servingSilo} (serving)");
        }
    }
}
