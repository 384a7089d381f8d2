using ParameterServer.Grains.Telemetry;
using ParameterServer.Telemetry;

namespace ParameterServer.Operations.Tests;

/// <summary>The ParameterServer meter through the pipeline AddServiceDefaults builds, read by the in-memory exporter.</summary>
[Collection(OperationsSiloCollection.Name)]
public sealed class MetricsTests(OperationsSiloFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PullsPushesFilterAndSyncCarryExactCounts()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("metrics"), shards: 4, minCount: 2));
        var table = (ParameterServerInstruments.TableTag, (object)config.Name);
        var ids = Tables.Ids(1_000);

        // Each ID twice in the caller's batch: the SDK deduplicates, so a shard sees (and counts) each row once.
        var doubled = ids.Concat(ids).ToArray();
        await ps.PullForTraining(config.Name, doubled);
        var firstPush = await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 1));
        Assert.Equal(ids.Length, firstPush.FilteredRows);

        // Before more changes, let every training shard finish its first (full) copy, so later rows travel as
        // change batches that carry their update times.
        await Eventually.Holds("each training shard's first sync to serving", Deadline,
            () => TrainingShards(config.Name).Count == config.Shards && TrainingShards(config.Name).All(s => s.LastSyncAt is not null),
            () => string.Join(", ", TrainingShards(config.Name).Select(s => $"{s.Shard}: {s.LastSyncAt}")));

        await ps.PullForTraining(config.Name, ids);
        var secondPush = await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 2));
        Assert.Equal(ids.Length, secondPush.AppliedRows);
        var trained = await ps.PullForTraining(config.Name, ids);
        await Eventually.Holds("serving to equal training", Deadline,
            async () => (await ps.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));

        var metrics = fixture.CollectMetrics();
        Assert.Equal(3L * ids.Length, metrics.Sum("ps-rows-pulled", table));
        Assert.Equal(2L * ids.Length, metrics.Sum("ps-rows-pushed", table));
        Assert.Equal(ids.Length, metrics.Sum("ps-filter-rejections", table));
        Assert.True(metrics.Sum("ps-rows-looked-up", table) >= ids.Length, metrics.Describe("ps-rows-looked-up"));

        // One push-duration sample per shard call: 2 pushes × 4 shards (1,000 IDs reach every shard).
        var push = metrics.Histogram("ps-push-duration", table);
        Assert.Equal(2 * config.Shards, push.Count);
        Assert.True(push.Sum > 0 && push.Sum < 10, $"push duration sum {push.Sum} s");

        // Rows per shard and role: 1,000 admitted rows in training, the same 1,000 in serving.
        Assert.Equal(ids.Length, metrics.GaugeSum("ps-rows", table, (ParameterServerInstruments.RoleTag, "training")));
        Assert.Equal(ids.Length, metrics.GaugeSum("ps-rows", table, (ParameterServerInstruments.RoleTag, "serving")));
        Assert.Equal(config.Shards, metrics.Points("ps-rows", table, (ParameterServerInstruments.RoleTag, "training")).Count);
        Assert.Equal(config.Shards, metrics.GaugeSum("ps-shards", table, (ParameterServerInstruments.RoleTag, "serving")));
        Assert.True(metrics.GaugeSum("ps-bytes", table, (ParameterServerInstruments.RoleTag, "training")) > ids.Length * config.Dimension * sizeof(float),
            metrics.Describe("ps-bytes"));

        // Admitted rows and the pushed ones travelled as change batches: at least the 1,000 rows, each batch's lag
        // measured from its oldest row; at least one batch per shard.
        var batches = metrics.Histogram("ps-sync-batch-rows", table);
        Assert.True(batches.Sum >= ids.Length && batches.Count >= config.Shards, metrics.Describe("ps-sync-batch-rows"));
        var lag = metrics.Histogram("ps-sync-lag", table);
        Assert.Equal(batches.Count, lag.Count);
        var maxLag = metrics.HistogramMax("ps-sync-lag", table);
        Assert.True(maxLag >= 0 && maxLag < 10, $"sync lag max {maxLag} s; {metrics.Describe("ps-sync-lag")}");
        Assert.True(metrics.Sum("ps-sync-full-copies", table) >= config.Shards, metrics.Describe("ps-sync-full-copies"));
        Assert.All(TrainingShards(config.Name), s => Assert.NotNull(s.LastSyncLag));
    }

    [Fact]
    public async Task EvictionsAreCounted()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("evict"), shards: 2, ttl: TimeSpan.FromMilliseconds(300)));
        var ids = Tables.Ids(200);
        await ps.PullForTraining(config.Name, ids);

        // The TTL sweep runs every 200 ms; rows untouched for 300 ms go.
        var table = (ParameterServerInstruments.TableTag, (object)config.Name);
        await Eventually.Holds("all 200 rows evicted and counted", Deadline,
            () => fixture.CollectMetrics().Sum("ps-evictions", table) == ids.Length,
            () => fixture.CollectMetrics().Describe("ps-evictions"));
        Assert.Equal(0, fixture.CollectMetrics().GaugeSum("ps-rows", table, (ParameterServerInstruments.RoleTag, "training")));
    }

    [Fact]
    public async Task OrleansMeterIsExportedAlongside()
    {
        var config = await fixture.Silo.Client.CreateTable(Tables.Sgd(Tables.UniqueName("orleans"), shards: 2));
        await fixture.Silo.Client.PullForTraining(config.Name, Tables.Ids(10));

        var metrics = fixture.CollectMetrics();
        Assert.Contains(metrics.Snapshots, s => s.MeterName == "Microsoft.Orleans" && s.Name == "orleans-catalog-activations");
        Assert.True(metrics.GaugeSum("orleans-catalog-activations") >= 2, metrics.Describe("orleans-catalog-activations"));
        Assert.Contains(metrics.Snapshots, s => s.MeterName == ParameterServerTelemetry.MeterName);
    }

    [Fact]
    public async Task SnapshotPartsAreTimedAndSized()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("snap"), shards: 2));
        await ps.PullForTraining(config.Name, Tables.Ids(500));
        var before = fixture.CollectMetrics();

        var snapshot = await ps.SnapshotNow();

        // Every part written (all tables of the silo) adds one duration and its bytes; this table's parts are among them.
        var after = fixture.CollectMetrics();
        Assert.Equal(snapshot.Parts, after.Histogram("ps-snapshot-duration").Count - before.Histogram("ps-snapshot-duration").Count);
        Assert.Equal(snapshot.Bytes, (long)(after.Histogram("ps-snapshot-size").Sum - before.Histogram("ps-snapshot-size").Sum));
        var table = (ParameterServerInstruments.TableTag, (object)config.Name);
        Assert.True(after.Histogram("ps-snapshot-size", table).Count >= config.Shards, after.Describe("ps-snapshot-size"));
    }

    [Fact]
    public void SnapshotDenseAndTrainerInstrumentsRecordWhatTheirOwnersReport()
    {
        var model = Tables.UniqueName("model");
        ParameterServerInstruments.RecordTrainerStep(model, 512, 0.75);
        ParameterServerInstruments.RecordTrainerStep(model, 256, 0.5);
        ParameterServerInstruments.RecordTrainerAuc(model, 0.81);
        ParameterServerInstruments.RecordDenseVersion(model, "training", 42);
        ParameterServerInstruments.RecordSnapshot(model, TimeSpan.FromMilliseconds(1500), 4096);

        var metrics = fixture.CollectMetrics();
        var byModel = (ParameterServerInstruments.ModelTag, (object)model);
        Assert.Equal(768, metrics.Sum("ps-trainer-examples", byModel));
        Assert.Equal(0.5, metrics.Points("ps-trainer-loss", byModel).Single().GetGaugeLastValueDouble());
        Assert.Equal(0.81, metrics.Points("ps-trainer-auc", byModel).Single().GetGaugeLastValueDouble());
        Assert.Equal(42, metrics.GaugeSum("ps-dense-version", byModel));
        var byTable = (ParameterServerInstruments.TableTag, (object)model);
        Assert.Equal((1L, 1.5), metrics.Histogram("ps-snapshot-duration", byTable));
        Assert.Equal(4096, metrics.Histogram("ps-snapshot-size", byTable).Sum);
    }

    private List<ShardTelemetry> TrainingShards(string table) =>
        fixture.Silo.Shards.Shards.Where(s => s.Table == table && s.Role == ShardRole.Training).ToList();
}
