using ParameterServer.Grains.Hosting;

namespace ParameterServer.Cluster.Tests;

public sealed class ServingFailoverTests
{
    [Fact]
    public async Task ServingShardsMoveToAnotherServingSiloAndResync()
    {
        await using var pooled = await PooledCluster.Start([SiloPool.Training, SiloPool.Serving], SiloPool.Serving);
        var config = await pooled.Client.CreateTable(Tables.Sgd("failover", shards: 4));
        var ids = Enumerable.Range(0, 2_000).Select(i => (long)i * 31).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 4));
        var trained = await pooled.Client.PullForTraining(config.Name, ids);
        await Eventually.Holds(
            "serving copy on Silo_1 to equal training",
            TimeSpan.FromSeconds(10),
            async () => (await pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));

        var replacement = await pooled.Cluster.StartAdditionalSiloAsync();
        await pooled.Cluster.WaitForLivenessToStabilizeAsync();
        await pooled.Cluster.StopSiloAsync(pooled.Cluster.Silos.Single(s => s.Name == "Silo_1"));
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 5));
        var retrained = await pooled.Client.PullForTraining(config.Name, ids);

        await Eventually.Holds(
            $"every serving shard to be on {replacement.Name} with the retrained rows",
            TimeSpan.FromSeconds(30),
            async () =>
            {
                for (var shard = 0; shard < config.Shards; shard++)
                {
                    var stats = await pooled.Grains.GetGrain<IServingShardGrain>(shard, config.Name).GetStats();
                    if (stats.Silo != replacement.SiloAddress.ToString())
                    {
                        return false;
                    }
                }

                return (await pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(retrained);
            });
    }
}
