using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Cluster.Tests;

/// <summary>
/// Three silo processes on Azure Table membership (two training, one serving) with snapshots in Azure Blob storage,
/// all on a real Azurite; one training silo is killed with SIGKILL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TrainingSiloFailureTests
{
    [Fact]
    public async Task AKilledTrainingSiloLosesExactlyTheUpdatesMadeAfterTheLastIncrementalSnapshot()
    {
        using var azurite = await AzuriteProcess.Start();
        var clusterId = $"failure-{Guid.NewGuid():N}";
        string[] settings =
        [
            "--Cluster:Provider=AzureStorage",
            $"--Cluster:AzureStorageConnectionString={azurite.ConnectionString}",
            "--Cluster:AdvertisedIPAddress=127.0.0.1",
            "--Snapshots:Store=AzureBlob",
            "--Snapshots:IncrementalInterval=00:00:00",

            // Declare a dead silo in seconds rather than the production default, yet not so fast that a busy
            // two-core machine makes live silos miss their probes.
            "--Cluster:Membership:ProbeTimeout=00:00:02",
            "--Cluster:Membership:NumMissedProbesLimit=3",
        ];
        using var doomed = SiloProcess.Start(clusterId, SiloPool.Training, 0, settings);
        using var survivor = SiloProcess.Start(clusterId, SiloPool.Training, 0, settings);
        using var serving = SiloProcess.Start(clusterId, SiloPool.Serving, 0, settings);
        using var client = await SiloClient.Connect(
            TimeSpan.FromSeconds(90),
            (host, c) =>
            {
                host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Cluster:Provider"] = "AzureStorage",
                    ["Cluster:AzureStorageConnectionString"] = azurite.ConnectionString,
                    ["Cluster:ClusterId"] = clusterId,
                });
                c.UseParameterServerCluster(host.Configuration);
            },
            doomed,
            survivor,
            serving);
        var ps = new ParameterServerClient(client.Services.GetRequiredService<IClusterClient>());
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        await Eventually.Holds("all three silos to be active in the membership table", TimeSpan.FromSeconds(90),
            async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 3,
            () => Task.FromResult(string.Join("\n---\n", new[] { doomed, survivor, serving }.Select(s => s.Output))));

        var config = await ps.CreateTable(new TableConfig
        {
            Name = "failure",
            Shards = 16,
            Embedding = new EmbeddingTableSettings
            {
                Dimension = 8,
                Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.1f, Seed: 3),
                Optimizer = SparseOptimizerSettings.Adagrad(0.1f),
            },
        });
        var ids = Enumerable.Range(0, 20_000).Select(i => (long)i * 5).ToArray();
        await ps.PullForTraining(config.Name, ids);
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 1));
        await ps.SnapshotNow(SnapshotKind.Full);
        await ps.PushGradients(config.Name, ids[..12_000], RandomRows.Gradients(12_000, config.Dimension, seed: 2));
        await ps.SnapshotNow(SnapshotKind.Incremental);
        var atIncremental = await ps.PullForTraining(config.Name, ids);

        // Acknowledged updates after the last incremental snapshot: lost on the killed silo, kept on the survivor.
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 3));
        var beforeKill = await ps.PullForTraining(config.Name, ids);
        var onDoomed = new HashSet<int>();
        for (var shard = 0; shard < config.Shards; shard++)
        {
            if ((await grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats()).Silo.Contains($"127.0.0.1:{doomed.SiloPort}:"))
            {
                onDoomed.Add(shard);
            }
        }

        Assert.True(onDoomed.Count is > 0 and < 16, $"{onDoomed.Count} of 16 training shards are on the silo to be killed; the test needs both silos used");
        doomed.Kill();

        float[] afterKill = [];
        await Eventually.Holds(
            $"training shards {string.Join(',', onDoomed)} to reactivate on the surviving training silo",
            TimeSpan.FromSeconds(90),
            async () =>
            {
                try
                {
                    afterKill = await ps.PullForTraining(config.Name, ids);
                    return true;
                }
                catch (Exception) when (!survivor.HasExited)
                {
                    return false;
                }
            },
            () => Task.FromResult($"survivor output:\n{survivor.Output}"));

        for (var i = 0; i < ids.Length; i++)
        {
            var shard = ShardRouter.ShardOf(ids[i], config.Shards);
            var expected = onDoomed.Contains(shard) ? atIncremental : beforeKill;
            Assert.True(expected.AsSpan(i * config.Dimension, config.Dimension).SequenceEqual(afterKill.AsSpan(i * config.Dimension, config.Dimension)),
                $"ID {ids[i]} of shard {shard} ({(onDoomed.Contains(shard) ? "on the killed silo: expected its row at the last incremental snapshot" : "on the survivor: expected its row before the kill")})");
        }

        for (var shard = 0; shard < config.Shards; shard++)
        {
            var stats = await grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats();
            Assert.True(stats.Silo.Contains($"127.0.0.1:{survivor.SiloPort}:"), $"training shard {shard} is on {stats.Silo} after the kill");
        }

        // Training goes on, and serving follows it.
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 4));
        var trained = await ps.PullForTraining(config.Name, ids);
        await Eventually.Holds("serving to follow training after the failover", TimeSpan.FromSeconds(30),
            async () => (await ps.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));
    }
}
