using System.Diagnostics;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Sequences;

namespace ParameterServer.Trainer.Experiments;

/// <summary>
/// PinnerFormer Table 3 on this data: Dense All Action vs All Action vs Next Action, each trained from scratch for the
/// same steps with item embeddings in the parameter server, Recall@10 (and the other metrics) on held-out users,
/// evaluated every few steps; popularity beside them. The paper reports Recall@10 0.229 / 0.224 / 0.186 at Pinterest.
/// </summary>
internal static class LossExperiment
{
    public static async Task Run(TrainerHost host, InteractionLog log, PinnerFormerOptions baseOptions, int steps, int evaluateEvery, string output)
    {
        var data = new SequenceData(log, 0.8, windowDays: 28, maxEvaluationUsers: 500);
        Console.WriteLine($"{log.Name}: {data.TrainingUsers.Length} training users, {data.EvaluationUsers.Length} held-out users with positives in the 28 days after T, {data.Catalogue.Length:N0} items.");
        var popularity = RetrievalMetrics.Popularity(data);
        Console.WriteLine($"popularity:        {popularity}");
        var report = new ExperimentReport(output, "loss");
        var results = new List<(PinnerFormerLoss Loss, RetrievalMetrics Metrics, double Seconds)>();
        foreach (var loss in Enum.GetValues<PinnerFormerLoss>())
        {
            var options = baseOptions with { Name = $"loss-{loss}-{Guid.NewGuid():N}"[..40], Loss = loss };
            using var trainer = await PinnerFormerTrainer.Connect(data, options, host.Sparse, host.Dense);
            var x = new List<double>();
            var y = new List<double>();
            var clock = Stopwatch.StartNew();
            RetrievalMetrics metrics = await trainer.Evaluate();
            x.Add(0);
            y.Add(metrics.RecallAt10);
            Console.WriteLine($"{loss,-15} step     0:                 {metrics}");
            for (var done = 0; done < steps;)
            {
                var chunk = Math.Min(evaluateEvery, steps - done);
                var trainLoss = await trainer.Train(chunk);
                done += chunk;
                metrics = await trainer.Evaluate();
                x.Add(done);
                y.Add(metrics.RecallAt10);
                Console.WriteLine($"{loss,-15} step {done,5}: loss {trainLoss,7:0.000}   {metrics}");
            }

            report.Series(loss.ToString(), x, y);
            results.Add((loss, metrics, clock.Elapsed.TotalSeconds));
        }

        report.Series("popularity", [0, steps], [popularity.RecallAt10, popularity.RecallAt10]);
        report.Line($"Data: `{log.Name}`, split at the 80% point in time; {data.EvaluationUsers.Length} held-out users (never trained on) with positives in the 28 days after the split; " +
            $"each loss trained {steps} steps of {baseOptions.BatchUsers} sequences (M = {baseOptions.MaxSequence}), item embeddings in the parameter server.");
        report.Line("");
        var paper = new Dictionary<PinnerFormerLoss, string>
        {
            [PinnerFormerLoss.DenseAllAction] = "0.229",
            [PinnerFormerLoss.AllAction] = "0.224",
            [PinnerFormerLoss.NextAction] = "0.186",
        };
        report.Table(
            ["loss", "Recall@10", "Interest Entropy@50", "P90 Coverage@10", "train + eval time", "paper Recall@10 (Pinterest)"],
            results.Select(r => new[]
            {
                r.Loss.ToString(), $"{r.Metrics.RecallAt10:0.0000}", $"{r.Metrics.InterestEntropyAt50:0.000}", $"{r.Metrics.P90CoverageAt10:0.0000}", $"{r.Seconds:0} s", paper[r.Loss],
            }).Append(["popularity", $"{popularity.RecallAt10:0.0000}", $"{popularity.InterestEntropyAt50:0.000}", $"{popularity.P90CoverageAt10:0.0000}", "-", "-"]));
        var saved = report.Save($"PinnerFormer losses on {log.Name}: Recall@10 of held-out users", "training step", "Recall@10");
        Console.WriteLine($"Wrote {saved} and its PNG.");
    }
}
