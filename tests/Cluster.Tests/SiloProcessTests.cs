using Microsoft.Extensions.DependencyInjection;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Cluster.Tests;

/// <summary>The silo executable as operators run it: a training silo and a serving silo in separate processes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloProcessTests
{
    [Fact]
    public async Task TrainingAndServingSiloProcessesServeAClient()
    {
        var clusterId = $"process-test-{Guid.NewGuid():N}";
        using var training = SiloProcess.Start(clusterId, SiloPool.Training);
        using var serving = SiloProcess.Start(clusterId, SiloPool.Serving, primarySiloPort: training.SiloPort);
        using var client = await SiloClient.Connect(
            TimeSpan.FromSeconds(60),
            (_, c) => c.UseLocalhostClustering(training.GatewayPort, "parameter-server", clusterId), training, serving);
        var ps = new ParameterServerClient(client.Services.GetRequiredService<IClusterClient>());

        var config = await ps.CreateTable(Tables.Sgd("process", shards: 4));
        var ids = Enumerable.Range(0, 5_000).Select(i => (long)i * 13).ToArray();
        await ps.PullForTraining(config.Name, ids);
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 21));
        var trained = await ps.PullForTraining(config.Name, ids);

        // The serving silo may join membership a moment after the training one: poll until lookups land there.
        await Eventually.Holds(
            "the serving silo process to hold a copy equal to training",
            TimeSpan.FromSeconds(60),
            async () =>
            {
                try
                {
                    return (await ps.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained);
                }
                catch (Exception) when (!serving.HasExited)
                {
                    return false;
                }
            },
            () => Task.FromResult($"serving silo output:\n{serving.Output}"));

        var grains = client.Services.GetRequiredService<IGrainFactory>();
        for (var shard = 0; shard < config.Shards; shard++)
        {
            var trainingStats = await grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats();
            var servingStats = await grains.GetGrain<IServingShardGrain>(shard, config.Name).GetStats();
            Assert.True(trainingStats.Silo.Contains($"127.0.0.1:{training.SiloPort}:"), $"training shard {shard} is on {trainingStats.Silo}");
            Assert.True(servingStats.Silo.Contains($"127.0.0.1:{serving.SiloPort}:"), $"serving shard {shard} is on {servingStats.Silo}");
        }
    }
}
