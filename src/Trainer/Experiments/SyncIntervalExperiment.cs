using System.Diagnostics;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Experiments;

/// <summary>
/// Monolith Table 2 on this data: DeepFM (embeddings in the parameter server) trained in batch on the events before
/// the cut, then the rest replayed in time order with online training, serving synced from training never (the batch
/// model scores everything), weekly, daily, hourly or every minute of event time; AUC of the replayed future per
/// interval. The online trajectory is the same for every interval (fixed mini-batches of the stream, see
/// <see cref="SyncSchedule"/>), so one run serves all of them: before each online step, the events whose serving model
/// is the trainer as it is now are scored from the training pool.
/// </summary>
internal static class SyncIntervalExperiment
{
    private const long Minute = 60;
    private const long Hour = 3_600;
    private const long Day = 86_400;
    private const int Bins = 10;
    private const int Seed = 17;

    private static readonly SyncInterval[] Intervals =
    [
        new("∞ (batch model only)", SyncSchedule.Never, "", "", ""),
        new("1 week", 7 * Day, "5 h", "79.66", "79.42"),
        new("1 day", Day, "1 h", "79.78", "79.44"),
        new("1 hour", Hour, "30 min", "79.80", "79.43"),
        new("1 minute", Minute, "", "", ""),
    ];

    public static async Task Run(TrainerHost host, InteractionLog log, int epochs, double cutFraction, int onlineBatch,
        float sparseRate, float denseRate, string output)
    {
        var clock = Stopwatch.StartNew();
        var name = $"sync-{Guid.NewGuid():N}"[..24];
        var data = new InteractionFeaturizer(log, name + ".").Build();
        var cut = log.SplitIndex(cutFraction);
        var future = data.Count - cut;
        var defaults = new CtrTrainerOptions();
        var options = defaults with
        {
            Name = name,
            SparseLearningRate = sparseRate > 0 ? sparseRate : defaults.SparseLearningRate,
            DenseLearningRate = denseRate > 0 ? denseRate : defaults.DenseLearningRate,

            // No pipelining: each step sees the previous one's pushes, so the run repeats exactly and splitting the
            // stream into Train calls changes nothing.
            Overlap = false,
        };
        using var trainer = await CtrTrainer.Connect(data.Schema, options, host.Sparse, host.Dense);

        // 1. Batch training on the past, shuffled within it.
        var train = CtrDataset.Range(0, cut);
        var random = new Random(Seed);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(train);
            await trainer.Train(data, train);
            Console.WriteLine($"batch epoch {epoch}/{epochs} on {cut:N0} events done at {clock.Elapsed.TotalSeconds:0} s");
        }

        var batchSeconds = clock.Elapsed.TotalSeconds;

        // 2. The replayed future: per interval, the online batches its serving model had seen when each event came.
        var timestamps = data.Timestamps[cut..];
        var trainedAt = Intervals.Select(i => SyncSchedule.BatchesTrainedAtSync(timestamps, i.Seconds, onlineBatch)).ToArray();
        var last = trainedAt.Max(t => t.DefaultIfEmpty().Max());
        var due = new List<int>[last + 1];
        for (var n = 0; n <= last; n++)
        {
            due[n] = [];
        }

        var queued = new int[future];
        Array.Fill(queued, -1);
        foreach (var t in trainedAt)
        {
            for (var e = 0; e < future; e++)
            {
                if (queued[e] != t[e])
                {
                    // Intervals whose serving model for e is the same snapshot share one prediction.
                    due[t[e]].Add(e);
                    queued[e] = t[e];
                }
            }
        }

        var scoreAt = new Dictionary<(int Event, int Trained), float>();
        for (var n = 0; n <= last; n++)
        {
            var events = due[n].Distinct().Order().ToArray(); // an event listed by several intervals is predicted once
            if (events.Length > 0)
            {
                var scores = await trainer.Predict(data, events.Select(e => cut + e).ToArray());
                for (var i = 0; i < events.Length; i++)
                {
                    scoreAt[(events[i], n)] = scores[i];
                }
            }

            if (n < last)
            {
                // Online step n: the stream's next full mini-batch, in time order.
                await trainer.Train(data, CtrDataset.Range(cut + n * onlineBatch, cut + (n + 1) * onlineBatch));
            }
        }

        Console.WriteLine($"online: {last:N0} steps of {onlineBatch} events, {scoreAt.Count:N0} predictions, done at {clock.Elapsed.TotalSeconds:0} s");

        // 3. Metrics per interval over the whole replayed future, and per tenth of it for the plot.
        var popularity = new CtrPopularity(data, cut);
        var report = new ExperimentReport(output, "sync-interval");
        var rows = new List<string[]>();
        var batchOnly = 0.0;
        var start = timestamps[0];
        var span = Math.Max(1, timestamps[^1] - start + 1);
        var binOf = Enumerable.Range(0, future).Select(e => (int)((timestamps[e] - start) * Bins / span)).ToArray();
        Console.WriteLine();
        Console.WriteLine($"{"serving synced every",-22} {"sync points",11} {"mean lag",9} {"AUC",7} {"batch only",10} {"log loss",8}   Monolith (Criteo) online / batch");
        for (var i = 0; i < Intervals.Length; i++)
        {
            var interval = Intervals[i];
            var probabilities = Enumerable.Range(0, future).Select(e => scoreAt[(e, trainedAt[i][e])]).ToArray();
            var metrics = popularity.Evaluate(data, cut, data.Count, probabilities);
            batchOnly = i == 0 ? metrics.Auc : batchOnly;
            var lag = MeanLagHours(data.Timestamps, cut, trainedAt[i], onlineBatch);
            var points = SyncSchedule.SyncPoints(timestamps, interval.Seconds);
            var paper = interval.PaperInterval.Length == 0 ? "" : $"{interval.PaperInterval}: {interval.PaperOnline} / {interval.PaperBatch}";
            Console.WriteLine($"{interval.Label,-22} {points,11:N0} {lag,7:0.0} h {metrics.Auc,7:0.0000} {batchOnly,10:0.0000} {metrics.LogLoss,8:0.0000}   {paper}");
            rows.Add([interval.Label, $"{points:N0}", $"{lag:0.0} h", $"{metrics.Auc:0.0000}", $"{batchOnly:0.0000}", $"{metrics.LogLoss:0.0000}",
                interval.PaperInterval, interval.PaperOnline, interval.PaperBatch]);

            var x = new List<double>();
            var y = new List<double>();
            for (var b = 0; b < Bins; b++)
            {
                var members = Enumerable.Range(0, future).Where(e => binOf[e] == b).ToArray();
                if (members.Length > 0)
                {
                    x.Add((b + 0.5) * span / Bins / (double)Day);
                    y.Add(Auc.Compute(members.Select(e => probabilities[e]).ToArray(), members.Select(e => data.Labels[cut + e]).ToArray()));
                }
            }

            report.Series(interval.Label, x, y);
        }

        var popularityAuc = popularity.Evaluate(data, cut, data.Count, new float[future]).PopularityAuc;
        var cutTime = DateTimeOffset.FromUnixTimeSeconds(data.Timestamps[cut]);
        var endTime = DateTimeOffset.FromUnixTimeSeconds(data.Timestamps[^1]);
        report.Line($"Data: `{log.Name}`, {data.Count:N0} events. DeepFM with its embeddings in the parameter server (embedded silo), " +
            $"trained in batch ({epochs} epochs, shuffled, seed {Seed}) on the {cut:N0} events before the {cutFraction:P0} point " +
            $"({cutTime:yyyy-MM-dd HH:mm} UTC); the {future:N0} events after it ({(endTime - cutTime).TotalDays:0.0} days, " +
            $"{data.Labels.AsSpan(cut).ToArray().Average():P1} positive) replayed in time order with online training in mini-batches of {onlineBatch} " +
            $"(a batch trains once full; {last:N0} steps). Serving synced every S of event time: the events of [t_k, t_k + S) are scored " +
            "by the trainer as it was at t_k (every full batch of events before t_k), before they are trained on. " +
            "The online trajectory is the same for every S, so one run serves every row.");
        report.Line("");
        report.Table(["serving synced every", "sync points", "mean lag", "AUC", "batch only", "log loss", "Monolith interval", "Monolith online", "Monolith batch"], rows);
        report.Line("\"AUC\" is over every replayed event. \"Mean lag\": event time from the newest event the scoring model was trained on " +
            "to the scored event. \"Batch only\": the model trained before the cut and never updated, on the same events (the ∞ row); " +
            "Monolith's batch column is a different baseline: a model retrained in batch every day. " +
            $"Popularity (item positives before the cut) AUC: {popularityAuc:0.0000}. Batch training took {batchSeconds:0} s, the whole run {clock.Elapsed.TotalSeconds:0} s.");
        report.Line("");
        report.Line($"The plot: AUC of each tenth of the replayed future (by event time) per sync interval.");
        var saved = report.Save($"Serving sync interval on {log.Name}", "days after the cut", "AUC of that tenth");
        Console.WriteLine($"Wrote {saved} and its PNG.");
    }

    /// <summary>Mean hours from the newest event the scoring model had trained on to the scored event.</summary>
    private static double MeanLagHours(long[] timestamps, int cut, int[] trainedAt, int onlineBatch)
    {
        var sum = 0.0;
        for (var e = 0; e < trainedAt.Length; e++)
        {
            var newest = cut + trainedAt[e] * onlineBatch - 1;
            sum += timestamps[cut + e] - timestamps[newest];
        }

        return sum / Math.Max(1, trainedAt.Length) / Hour;
    }
}
