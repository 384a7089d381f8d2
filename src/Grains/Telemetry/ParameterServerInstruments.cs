using System.Diagnostics.Metrics;
using ParameterServer.Realtime;
using ParameterServer.Telemetry;

namespace ParameterServer.Grains.Telemetry;

/// <summary>
/// Every instrument of the parameter server, on the meter <see cref="ParameterServerTelemetry.MeterName"/>.
/// Names are kebab-case (Prometheus turns <c>ps-rows-pulled</c> into <c>ps_rows_pulled_total</c>); tags are
/// <c>table</c>, and for per-shard gauges <c>shard</c> and <c>role</c> (training or serving).
/// Shard grains record through <see cref="ShardTelemetry"/>; snapshots, dense models and trainers record through the
/// public methods here.
/// </summary>
public static class ParameterServerInstruments
{
    public const string TableTag = "table";
    public const string ShardTag = "shard";
    public const string RoleTag = "role";
    public const string ModelTag = "model";
    public const string LabelTag = "label";

    internal static readonly Meter Meter = new(ParameterServerTelemetry.MeterName);

    /// <summary>Rows a training shard returned to PullForTraining (distinct IDs per call; the SDK deduplicates).</summary>
    internal static readonly Counter<long> RowsPulled = Meter.CreateCounter<long>(
        "ps-rows-pulled", "{row}", "Rows returned by training shards to PullForTraining");

    /// <summary>Gradient rows a training shard received (applied or dropped by the admission filter).</summary>
    internal static readonly Counter<long> RowsPushed = Meter.CreateCounter<long>(
        "ps-rows-pushed", "{row}", "Gradient rows received by training shards");

    /// <summary>Rows a serving shard returned to Lookup.</summary>
    internal static readonly Counter<long> RowsLookedUp = Meter.CreateCounter<long>(
        "ps-rows-looked-up", "{row}", "Rows returned by serving shards to Lookup");

    /// <summary>Time a training shard took to apply one push (one shard's part of a PushGradients call).</summary>
    internal static readonly Histogram<double> PushDuration = Meter.CreateHistogram(
        "ps-push-duration", "s", "Time a training shard took to apply one batch of gradients", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>Pushed rows dropped because their ID has not been seen MinCount times yet.</summary>
    internal static readonly Counter<long> FilterRejections = Meter.CreateCounter<long>(
        "ps-filter-rejections", "{row}", "Pushed rows dropped by the admission filter");

    /// <summary>Rows removed because they were not updated within the table's TTL.</summary>
    internal static readonly Counter<long> Evictions = Meter.CreateCounter<long>(
        "ps-evictions", "{row}", "Rows evicted by TTL");

    /// <summary>Seconds from the update of the oldest row in a sync batch to serving's acknowledgement of that batch,
    /// measured on the training silo's clock (one value per non-empty batch).</summary>
    internal static readonly Histogram<double> SyncLag = Meter.CreateHistogram(
        "ps-sync-lag", "s", "Seconds between a row's update in training and its arrival in serving (oldest row of each sync batch)", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 300] });

    /// <summary>Rows and tombstones per non-empty sync batch (heartbeats are not counted).</summary>
    internal static readonly Histogram<long> SyncBatchRows = Meter.CreateHistogram(
        "ps-sync-batch-rows", "{row}", "Rows and tombstones per non-empty training-to-serving sync batch", tags: null,
        new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000] });

    /// <summary>Snapshot parts and manifests refused on reading (truncated, bad checksum, unknown format version,
    /// missing): each time, an older snapshot is used instead.</summary>
    internal static readonly Counter<long> SnapshotRejections = Meter.CreateCounter<long>(
        "ps-snapshot-rejections", "{file}", "Snapshot parts and manifests refused on reading; an older snapshot was used");

    /// <summary>Full copies a training shard sent to serving (after a restart, a gap or a failed send).</summary>
    internal static readonly Counter<long> FullCopies = Meter.CreateCounter<long>(
        "ps-sync-full-copies", "{copy}", "Full copies sent from training to serving");

    internal static readonly Histogram<double> SnapshotDuration = Meter.CreateHistogram(
        "ps-snapshot-duration", "s", "Time to write one shard's snapshot", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });

    internal static readonly Histogram<long> SnapshotSize = Meter.CreateHistogram(
        "ps-snapshot-size", "By", "Bytes of one shard's snapshot", tags: null,
        new InstrumentAdvice<long> { HistogramBucketBoundaries = [1 << 10, 1 << 16, 1 << 20, 1 << 24, 1 << 26, 1 << 28, 1 << 30, 1L << 32, 1L << 34] });

    internal static readonly Gauge<long> DenseVersion = Meter.CreateGauge<long>(
        "ps-dense-version", "{version}", "Version of a model's dense parameters");

    internal static readonly Counter<long> TrainerExamples = Meter.CreateCounter<long>(
        "ps-trainer-examples", "{example}", "Examples trained on (rate() gives examples per second)");

    internal static readonly Gauge<double> TrainerLoss = Meter.CreateGauge<double>(
        "ps-trainer-loss", "1", "Training loss of the last step");

    internal static readonly Gauge<double> TrainerAuc = Meter.CreateGauge<double>(
        "ps-trainer-auc", "1", "AUC of the last evaluation");

    /// <summary>Examples the online joiners emitted; tag <c>label</c>: positive (on time), late-positive, negative.</summary>
    internal static readonly Counter<long> JoinerExamples = Meter.CreateCounter<long>(
        "ps-joiner-examples", "{example}", "Training examples emitted by the online joiners, by label");

    /// <summary>Malformed impressions and actions the joiners rejected (the rest of their batches went on).</summary>
    internal static readonly Counter<long> JoinerRejected = Meter.CreateCounter<long>(
        "ps-joiner-rejected", "{event}", "Malformed stream events rejected by the online joiners");

    // Observable: read from the shard activations of every silo in this process when a reader collects.
    private static readonly ObservableGauge<long> Rows = Meter.CreateObservableGauge(
        "ps-rows", LocalShards.MeasureRows, "{row}", "Rows held by one shard activation");

    private static readonly ObservableGauge<long> Bytes = Meter.CreateObservableGauge(
        "ps-bytes", LocalShards.MeasureBytes, "By", "Bytes held by a table's shard activations on this silo (rows, optimizer state, index, filter)");

    private static readonly ObservableGauge<long> Shards = Meter.CreateObservableGauge(
        "ps-shards", LocalShards.MeasureShards, "{shard}", "Shard activations of a table on this silo");

    /// <summary>Records one shard snapshot written (called by the snapshot writer).</summary>
    public static void RecordSnapshot(string table, TimeSpan duration, long bytes)
    {
        var tag = new KeyValuePair<string, object?>(TableTag, table);
        SnapshotDuration.Record(duration.TotalSeconds, tag);
        SnapshotSize.Record(bytes, tag);
    }

    /// <summary>Records a snapshot part or manifest refused on reading; <paramref name="table"/> is the table or dense
    /// model, or empty for a manifest.</summary>
    public static void RecordSnapshotRejected(string table) =>
        SnapshotRejections.Add(1, new KeyValuePair<string, object?>(TableTag, table));

    /// <summary>Records the version of a model's dense parameters (training or serving side).</summary>
    public static void RecordDenseVersion(string model, string role, long version) =>
        DenseVersion.Record(version, new KeyValuePair<string, object?>(ModelTag, model), new KeyValuePair<string, object?>(RoleTag, role));

    /// <summary>Records one training step of a trainer: its examples and loss.</summary>
    public static void RecordTrainerStep(string model, int examples, double loss)
    {
        var tag = new KeyValuePair<string, object?>(ModelTag, model);
        TrainerExamples.Add(examples, tag);
        TrainerLoss.Record(loss, tag);
    }

    /// <summary>Records an evaluation's AUC.</summary>
    public static void RecordTrainerAuc(string model, double auc) =>
        TrainerAuc.Record(auc, new KeyValuePair<string, object?>(ModelTag, model));

    /// <summary>Records what a joiner emitted and rejected between two readings of its counters.</summary>
    internal static void RecordJoiner(JoinerStats before, JoinerStats after)
    {
        var late = after.LatePositives - before.LatePositives;
        Add(JoinerExamples, after.Positives - before.Positives - late, new KeyValuePair<string, object?>(LabelTag, "positive"));
        Add(JoinerExamples, late, new KeyValuePair<string, object?>(LabelTag, "late-positive"));
        Add(JoinerExamples, after.Negatives - before.Negatives, new KeyValuePair<string, object?>(LabelTag, "negative"));
        Add(JoinerRejected, after.Rejected - before.Rejected, default);

        static void Add(Counter<long> counter, long delta, KeyValuePair<string, object?> tag)
        {
            if (delta > 0)
            {
                if (tag.Key is null)
                {
                    counter.Add(delta);
                }
                else
                {
                    counter.Add(delta, tag);
                }
            }
        }
    }

    /// <summary>Makes sure the observable instruments exist (static initialisation runs on first use of the class).</summary>
    internal static void EnsureCreated() => GC.KeepAlive(Rows ?? Bytes ?? Shards);
}
