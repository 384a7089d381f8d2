using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        using var client = await ConnectClient(clusterId, training);
        var ps = new ParameterServerClient(client.Services.GetRequiredService<IClusterClient>());

        var config = await ps.CreateTable(Tables.Sgd("process", shards: 4));
        var ids = Enumerable.Range(0, 5_000).Select(i => (long)i * 13).ToArray();
        await ps.PullForTraining(config.Name, ids);
        await ps.PushGradients(config.Name, ids, Tables.Gradients(ids.Length, config.Dimension, seed: 21));
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

    private static async Task<IHost> ConnectClient(string clusterId, SiloProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(c => c.UseLocalhostClustering(gateway.GatewayPort, "parameter-server", clusterId));
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !gateway.HasExited)
            {
                host.Dispose();
                await Task.Delay(200);
            }
            catch (Exception e)
            {
                host.Dispose();
                throw new TimeoutException($"No client connection to the silo's gateway on port {gateway.GatewayPort}. Silo output:\n{gateway.Output}", e);
            }
        }
    }
}
