using System.Diagnostics.Metrics;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Cluster.Tests;

/// <summary>Snapshots to a local folder, restores on activation, chains, fallbacks, reminders and rollback.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SnapshotTests
{
    private static readonly string[] TrainingAndServing = [SiloPool.Training, SiloPool.Serving];

    [Fact]
    public async Task AFullSnapshotRestoresAMillionRowsWithTheirOptimizerStateBitForBit()
    {
        await using var pooled = await PooledCluster.Start(TrainingAndServing);
        var config = await pooled.Client.CreateTable(Adagrad("million", shards: 4));
        var ids = Enumerable.Range(0, 1_000_000).Select(i => (long)i * 3 + 1).ToArray();
        await InBatches(ids, batch => pooled.Client.PullForTraining(config.Name, batch));
        await InBatches(ids, batch => pooled.Client.PushGradients(config.Name, batch, RandomRows.Gradients(batch.Length, config.Dimension, seed: batch.Length)));

        var snapshot = await pooled.Client.SnapshotNow();
        Assert.True(snapshot.Rows >= 1_000_000, $"snapshot {snapshot.Id} holds {snapshot.Rows} rows, training alone has 1,000,000");

        // Pushes after the snapshot are lost when the shards restart; pushing the same gradients again after the
        // restore must give the same rows bit for bit, which needs the Adagrad accumulators restored exactly.
        var probe = ids[..50_000];
        var gradients = RandomRows.Gradients(probe.Length, config.Dimension, seed: 77);
        await pooled.Client.PushGradients(config.Name, probe, gradients);
        var expected = await pooled.Client.PullForTraining(config.Name, probe);

        await DeactivateTrainingShards(pooled, config);
        Assert.Equal(1_000_000, await TrainingRows(pooled, config));
        await pooled.Client.PushGradients(config.Name, probe, gradients);
        var again = await pooled.Client.PullForTraining(config.Name, probe);
        Assert.True(expected.AsSpan().SequenceEqual(again), "rows pushed with the same gradients after the restore differ from those pushed before it");
    }

    [Fact]
    public async Task DenseWeightsAndAdamStateComeBackFromTheLatestSnapshotBitForBit()
    {
        await using var pooled = await PooledCluster.Start(TrainingAndServing);
        var dense = new DenseParameterClient(pooled.Grains);
        var config = new DenseModelConfig { Parameters = 10_000, LearningRate = 0.01f };
        var random = new Random(8);
        float[] Vector() => Enumerable.Range(0, config.Parameters).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        await dense.Initialize("dense-model", config, Vector());
        for (var step = 0; step < 3; step++)
        {
            await dense.Push("dense-model", step, Vector());
        }

        await pooled.Client.SnapshotNow(SnapshotKind.Full);
        var snapshotted = await dense.Pull("dense-model");

        // A push after the snapshot is lost when the grain restarts; the same push after the restore must give the
        // same weights bit for bit, which needs Adam's moments and step count restored exactly.
        var gradient = Vector();
        var expected = await dense.PushAndPull("dense-model", snapshotted.Version, gradient);
        await pooled.Cluster.DeactivateAsync(pooled.Grains.GetGrain<ITrainingDenseGrain>("dense-model"));

        var restored = await dense.Pull("dense-model");
        Assert.Equal(snapshotted.Version, restored.Version);
        Assert.True(snapshotted.Values.SequenceEqual(restored.Values), "dense weights after the restore differ from the snapshot's");
        var again = await dense.PushAndPull("dense-model", restored.Version, gradient);
        Assert.Equal(expected.Version, again.Version);
        Assert.True(expected.Values.SequenceEqual(again.Values), "the same push after the restore gives other weights");
    }

    [Fact]
    public async Task AnIncrementalChainRestoresTheRowsAsOfTheLastIncrementalSnapshot()
    {
        await using var pooled = await PooledCluster.Start(TrainingAndServing);
        var config = await pooled.Client.CreateTable(Adagrad("chain", shards: 3, ttl: TimeSpan.FromHours(1)));
        var ids = Enumerable.Range(0, 20_000).Select(i => (long)i).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);
        var full = await pooled.Client.SnapshotNow(SnapshotKind.Full);

        // Changes after the full snapshot: updates, new rows, and removals by TTL are not needed here; new IDs are.
        var more = Enumerable.Range(100_000, 5_000).Select(i => (long)i).ToArray();
        await pooled.Client.PullForTraining(config.Name, more);
        await pooled.Client.PushGradients(config.Name, ids[..7_000], RandomRows.Gradients(7_000, config.Dimension, seed: 1));
        var incremental = await pooled.Client.SnapshotNow(SnapshotKind.Incremental);
        Assert.Equal((SnapshotKind.Incremental, full.Id), (incremental.Kind, incremental.BaseId));
        Assert.Equal(7_000 + 5_000, incremental.Rows);
        var all = ids.Concat(more).ToArray();
        var atIncremental = await pooled.Client.PullForTraining(config.Name, all);

        // Lost on restart: everything after the last incremental snapshot.
        await pooled.Client.PushGradients(config.Name, ids[5_000..9_000], RandomRows.Gradients(4_000, config.Dimension, seed: 2));
        await DeactivateTrainingShards(pooled, config);
        Assert.Equal(atIncremental, await pooled.Client.PullForTraining(config.Name, all));
    }

    [Theory]
    [InlineData("truncated part")]
    [InlineData("bad checksum")]
    [InlineData("missing manifest")]
    public async Task AnUnusableSnapshotIsSkippedForThePreviousCompleteOne(string damage)
    {
        await using var pooled = await PooledCluster.Start(TrainingAndServing);
        var config = await pooled.Client.CreateTable(Adagrad($"damaged-{damage.Replace(' ', '-')}", shards: 2));
        var ids = Enumerable.Range(0, 4_000).Select(i => (long)i).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);
        await pooled.Client.SnapshotNow();
        var atFirst = await pooled.Client.PullForTraining(config.Name, ids);
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 3));
        var second = await pooled.Client.SnapshotNow();

        var folder = Path.Combine(pooled.SnapshotFolder, second.Id);
        var part = Path.Combine(folder, ShardSnapshots.PartName(config.Name, 0, training: true));
        switch (damage)
        {
            case "truncated part":
                await using (var file = File.OpenWrite(part))
                {
                    file.SetLength(file.Length / 2);
                }

                break;
            case "bad checksum":
                var bytes = await File.ReadAllBytesAsync(part);
                bytes[bytes.Length / 2] ^= 0x40;
                await File.WriteAllBytesAsync(part, bytes);
                break;
            default:
                File.Delete(Path.Combine(folder, "manifest.json"));
                break;
        }

        // The refusal is counted on the ps-snapshot-rejections metric as well as logged.
        var rejections = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ps-snapshot-rejections")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Value as string == config.Name))
            {
                Interlocked.Add(ref rejections, value);
            }
        });
        listener.Start();

        await DeactivateTrainingShards(pooled, config);
        var restored = await pooled.Client.PullForTraining(config.Name, ids);
        Assert.Equal(damage == "missing manifest" ? 0 : 1, Interlocked.Read(ref rejections));
        for (var i = 0; i < ids.Length; i++)
        {
            if (ShardRouter.ShardOf(ids[i], config.Shards) == 0 || damage == "missing manifest")
            {
                Assert.True(atFirst.AsSpan(i * config.Dimension, config.Dimension).SequenceEqual(restored.AsSpan(i * config.Dimension, config.Dimension)),
                    $"ID {ids[i]} (shard 0) should hold its row from the first snapshot after the second was damaged ({damage})");
            }
        }

        Assert.DoesNotContain(await pooled.Client.ListSnapshots(), s => s.Id == second.Id && damage == "missing manifest");
    }

    [Fact]
    public async Task RollingBackToANamedSnapshotRestoresTrainingAndServing()
    {
        await using var pooled = await PooledCluster.Start(TrainingAndServing);
        var config = await pooled.Client.CreateTable(Adagrad("rollback", shards: 2));
        var ids = Enumerable.Range(0, 3_000).Select(i => (long)i).ToArray();
        await pooled.Client.PullForTraining(config.Name, ids);
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 4));
        var dense = new DenseParameterClient(pooled.Grains);
        await dense.Initialize("rollback-model", new DenseModelConfig { Parameters = 100 }, RandomRows.Gradients(100, 1, seed: 6));
        await dense.Push("rollback-model", 0, RandomRows.Gradients(100, 1, seed: 7));
        var first = await pooled.Client.SnapshotNow();
        var atFirst = await pooled.Client.PullForTraining(config.Name, ids);
        var denseAtFirst = await dense.Pull("rollback-model");
        await pooled.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 5));
        await dense.Push("rollback-model", 1, RandomRows.Gradients(100, 1, seed: 8));
        await pooled.Client.SnapshotNow(SnapshotKind.Incremental);

        Assert.Equal(config.Shards, await pooled.Client.RestoreSnapshot(first.Id));
        Assert.Equal(atFirst, await pooled.Client.PullForTraining(config.Name, ids));
        var denseRestored = await dense.Pull("rollback-model");
        Assert.Equal(denseAtFirst.Version, denseRestored.Version);
        Assert.True(denseAtFirst.Values.SequenceEqual(denseRestored.Values), "dense weights were not rolled back");
        await Eventually.Holds(
            "serving to follow the rollback",
            TimeSpan.FromSeconds(10),
            async () => (await pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(atFirst));
        await Assert.ThrowsAsync<UnknownSnapshotException>(() => pooled.Client.RestoreSnapshot("no-such-snapshot"));
    }

    [Fact]
    public async Task ANewClusterOverExistingSnapshotsTakesTheirTablesAndRows()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ps-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var ids = Enumerable.Range(0, 2_000).Select(i => (long)i).ToArray();
            float[] before;
            await using (var first = await PooledCluster.Start(TrainingAndServing, [], s => s.Folder = folder))
            {
                var config = await first.Client.CreateTable(Adagrad("survivor", shards: 2));
                await first.Client.PullForTraining(config.Name, ids);
                await first.Client.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 6));
                await first.Client.SnapshotNow();
                before = await first.Client.PullForTraining(config.Name, ids);
            }

            await using var second = await PooledCluster.Start(TrainingAndServing, [], s => s.Folder = folder);
            Assert.Equal(8, (await second.Client.DescribeTable("survivor")).Dimension);
            Assert.Equal(before, await second.Client.PullForTraining("survivor", ids));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheDailyReminderWritesACompleteSnapshot()
    {
        // The daily time is set a few seconds ahead, so the real reminder fires during the test.
        var dailyAt = (DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3)).TimeOfDay;
        await using var pooled = await PooledCluster.Start(TrainingAndServing, [], s => s.DailyAtUtc = TimeSpan.FromSeconds(Math.Floor(dailyAt.TotalSeconds)));
        var config = await pooled.Client.CreateTable(Adagrad("daily", shards: 2));
        await pooled.Client.PullForTraining(config.Name, Enumerable.Range(0, 1_000).Select(i => (long)i).ToArray());

        SnapshotInfo[] snapshots = [];
        await Eventually.Holds(
            "the daily reminder's full snapshot",
            TimeSpan.FromSeconds(60),
            async () => (snapshots = await pooled.Client.ListSnapshots()).Any(s => s.Kind == SnapshotKind.Full));
        var daily = snapshots.Single(s => s.Kind == SnapshotKind.Full);
        Assert.Equal(config.Shards * 2, daily.Parts);
        Assert.True(File.Exists(Path.Combine(pooled.SnapshotFolder, daily.Id, "manifest.json")), $"manifest of {daily.Id}");
    }

    private static TableConfig Adagrad(string name, int shards, TimeSpan? ttl = null) => new()
    {
        Name = name,
        Shards = shards,
        Embedding = new EmbeddingTableSettings
        {
            Dimension = 8,
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Normal, 0.1f, Seed: 11),
            Optimizer = SparseOptimizerSettings.Adagrad(0.1f),
            TimeToLive = ttl,
        },
    };

    private static async Task InBatches(long[] ids, Func<long[], Task> call)
    {
        for (var start = 0; start < ids.Length; start += 200_000)
        {
            await call(ids[start..Math.Min(ids.Length, start + 200_000)]);
        }
    }

    private static async Task DeactivateTrainingShards(PooledCluster pooled, TableConfig config)
    {
        for (var shard = 0; shard < config.Shards; shard++)
        {
            await pooled.Cluster.DeactivateAsync(pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name));
        }
    }

    private static async Task<long> TrainingRows(PooledCluster pooled, TableConfig config)
    {
        long rows = 0;
        for (var shard = 0; shard < config.Shards; shard++)
        {
            rows += (await pooled.Grains.GetGrain<ITrainingShardGrain>(shard, config.Name).GetStats()).Rows;
        }

        return rows;
    }
}
