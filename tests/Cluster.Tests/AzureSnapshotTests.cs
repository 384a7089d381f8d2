using Azure.Storage.Blobs;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Cluster.Tests;

/// <summary>Snapshots in Azure Blob storage, against a real Azurite that the tests stop and start.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AzureSnapshotTests
{
    [Fact]
    public async Task SnapshotsInBlobStorageRestoreShardsAfterTheyRestart()
    {
        using var azurite = await AzuriteProcess.Start();
        await using var pooled = await PooledCluster.Start([SiloPool.All], [], s => UseAzurite(s, azurite));
        var config = await pooled.Client.CreateTable(Table("blob-round-trip", shards: 3));
        var ids = Enumerable.Range(0, 30_000).Select(i => (long)i * 7).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 1));
        var snapshot = await pooled.Client.SnapshotNow();
        var trained = await pooled.Client.PullForTraining(config.Name, ids);

        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(SnapshotOptions.DEFAULT_CONTAINER);
        Assert.True((await container.GetBlobClient($"{snapshot.Id}/manifest.json").ExistsAsync()).Value, $"manifest of {snapshot.Id} in Azurite");

        for (var shard = 0; shard < config.Shards; shard++)
        {
            await pooled.Cluster.DeactivateAsync(pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name));
        }

        Assert.Equal(trained, await pooled.Client.PullForTraining(config.Name, ids));
    }

    [Fact]
    public async Task AStorageOutageDuringASnapshotFailsItCleanlyAndItIsRetried()
    {
        using var azurite = await AzuriteProcess.Start();
        await using var pooled = await PooledCluster.Start([SiloPool.Training, SiloPool.Serving], [], s =>
        {
            UseAzurite(s, azurite);
            s.ParallelShards = 1;
            s.RetryDelay = TimeSpan.FromSeconds(1);
        });
        var config = await pooled.Client.CreateTable(Table("outage", shards: 8, dimension: 16));
        var ids = Enumerable.Range(0, 80_000).Select(i => (long)i).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);

        // Stop Azurite as soon as the first part lands: the snapshot is then half-written.
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(SnapshotOptions.DEFAULT_CONTAINER);
        var snapshot = pooled.Client.SnapshotNow();
        await Eventually.Holds("the snapshot's first part blob", TimeSpan.FromSeconds(30), async () =>
        {
            try
            {
                await foreach (var _ in container.GetBlobsAsync())
                {
                    return true;
                }
            }
            catch (Azure.RequestFailedException)
            {
            }

            return false;
        });
        azurite.Stop();
        await Assert.ThrowsAsync<SnapshotFailedException>(() => snapshot);

        // Training and serving do not depend on the snapshot store.
        var probe = ids[..5_000];
        await pooled.Client.PushGradients(config.Name, probe, RandomRows.Gradients(probe.Length, config.Dimension, seed: 2));
        var trained = await pooled.Client.PullForTraining(config.Name, probe);
        await Eventually.Holds("serving to reflect a push made during the outage", TimeSpan.FromSeconds(10),
            async () => (await pooled.Client.Lookup(config.Name, probe)).AsSpan().SequenceEqual(trained));

        // Back up: nothing of the failed snapshot is visible, and the retry writes a complete one.
        await azurite.Restart();
        SnapshotInfo[] snapshots = [];
        await Eventually.Holds("the retried full snapshot", TimeSpan.FromSeconds(60), async () =>
        {
            try
            {
                return (snapshots = await pooled.Client.ListSnapshots()).Length > 0;
            }
            catch (SnapshotFailedException)
            {
                return false;
            }
        });
        var retried = Assert.Single(snapshots);
        Assert.Equal((SnapshotKind.Full, config.Shards * 2), (retried.Kind, retried.Parts));
        Assert.True(retried.Rows >= ids.Length, $"retried snapshot holds {retried.Rows} rows");
    }

    private static void UseAzurite(SnapshotOptions options, AzuriteProcess azurite)
    {
        options.Store = SnapshotStoreKind.AzureBlob;
        options.AzureStorageConnectionString = azurite.ConnectionString;
    }


    private static TableConfig Table(string name, int shards, int dimension = 8) => new()
    {
        Name = name,
        Shards = shards,
        Embedding = new EmbeddingTableSettings
        {
            Dimension = dimension,
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.1f, Seed: 5),
            Optimizer = SparseOptimizerSettings.Adagrad(0.1f),
        },
    };
}
