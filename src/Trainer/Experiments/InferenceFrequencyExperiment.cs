using System.Diagnostics;
using System.Numerics.Tensors;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Sequences;

namespace ParameterServer.Trainer.Experiments;

/// <summary>
/// PinnerFormer Table 2 on this data: the same model, trained (Dense All Action) on the log before the cut T, with the
/// user embedding computed once at T, at the start of each day after T, or right before each evaluated action.
/// Evaluated: every positive action in the <c>days</c> after T of every user who acted before T (all of them trained
/// on their actions before T; no target after T was trained on), as next-action retrieval over every item: a hit when
/// the action's item is in the top 10. Reported excluding nothing, and excluding the items the user acted on before
/// that action (the same set for every mode). The paper reports Recall@10 0.229 / 0.243 / 0.264 at Pinterest.
/// </summary>
internal static class InferenceFrequencyExperiment
{
    private const long Day = 86_400;
    private static readonly string[] Modes = ["once at T", "daily", "realtime"];
    private static readonly string[] Paper = ["0.229", "0.243", "0.264"];

    public static async Task Run(TrainerHost host, InteractionLog log, PinnerFormerOptions baseOptions, int steps, int days, string output)
    {
        // No held-out users: every user's history before T trains the model, as a production model is trained on everyone.
        var data = new SequenceData(log, 0.8, baseOptions.WindowDays, maxEvaluationUsers: 0);
        var options = baseOptions with { Name = $"freq-{Guid.NewGuid():N}"[..24], Loss = PinnerFormerLoss.DenseAllAction };
        using var trainer = await PinnerFormerTrainer.Connect(data, options, host.Sparse, host.Dense);
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < steps;)
        {
            var chunk = Math.Min(100, steps - done);
            var loss = await trainer.Train(chunk);
            done += chunk;
            Console.WriteLine($"step {done,5}: loss {loss:0.000}");
        }

        var trainSeconds = clock.Elapsed.TotalSeconds;
        var actions = EvaluatedActions(data, days);
        var ends = actions.Select(a => EndsOf(data, a)).ToArray();
        var sequences = actions.SelectMany((a, i) => ends[i].Select(end => (a.User, End: end))).Distinct().ToList();
        var index = sequences.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var users = await trainer.EmbedAt(sequences);
        var items = await trainer.ItemEmbeddings();
        var catalogue = data.Catalogue;
        var d = options.OutputDimension;
        Console.WriteLine($"{log.Name}: T = {DateTimeOffset.FromUnixTimeSeconds(data.SplitTime):yyyy-MM-dd HH:mm}; {actions.Count:N0} positive actions of " +
            $"{actions.Select(a => a.User).Distinct().Count():N0} users in the {days} days after T; {sequences.Count:N0} distinct sequences embedded; {catalogue.Length:N0} items.");

        // Popularity: the items with most positives before T.
        var popularityScores = new float[catalogue.Length];
        var byRank = catalogue.Select((item, i) => i).OrderByDescending(i => data.PositiveCounts.GetValueOrDefault(catalogue[i])).ThenBy(i => catalogue[i]).ToArray();
        for (var r = 0; r < byRank.Length; r++)
        {
            popularityScores[byRank[r]] = -r;
        }

        // hits[mode, excludeSeen, day]; mode 3 = popularity.
        var hits = new int[4, 2, days];
        var counts = new int[days];
        var scores = new float[catalogue.Length];
        var position = catalogue.Select((item, i) => (item, i)).ToDictionary(x => x.item, x => x.i);
        foreach (var (action, i) in actions.Select((a, i) => (a, i)))
        {
            var target = position[log.Items[data.Events[action.User][action.Position]]];
            var seen = data.Events[action.User].Take(action.Position).Select(e => position[log.Items[e]]).ToHashSet();
            counts[action.Day]++;
            for (var mode = 0; mode < 4; mode++)
            {
                if (mode < 3)
                {
                    var user = users.AsSpan(index[(action.User, ends[i][mode])] * d, d);
                    for (var c = 0; c < catalogue.Length; c++)
                    {
                        scores[c] = TensorPrimitives.Dot(user, items.AsSpan(c * d, d));
                    }
                }
                else
                {
                    popularityScores.CopyTo(scores, 0);
                }

                hits[mode, 0, action.Day] += TopTen.Contains(scores, target, null) ? 1 : 0;
                hits[mode, 1, action.Day] += TopTen.Contains(scores, target, seen) ? 1 : 0;
            }
        }

        var total = actions.Count;
        double Recall(int mode, int exclude) => Enumerable.Range(0, days).Sum(day => hits[mode, exclude, day]) / (double)Math.Max(1, total);
        var names = Modes.Append("popularity (positives before T)").ToArray();
        var rows = new List<string[]>();
        for (var mode = 0; mode < 4; mode++)
        {
            rows.Add([names[mode], $"{Recall(mode, 1):0.0000}", $"{Recall(mode, 0):0.0000}", mode < 3 ? Paper[mode] : "-"]);
            Console.WriteLine($"{names[mode],-32} Recall@10 excluding seen {Recall(mode, 1):0.0000}   excluding nothing {Recall(mode, 0):0.0000}   paper {(mode < 3 ? Paper[mode] : "-")}");
        }

        var report = new ExperimentReport(output, "inference-frequency");
        for (var mode = 0; mode < 4; mode++)
        {
            var x = Enumerable.Range(0, days).Where(day => counts[day] > 0).Select(day => (double)day + 1).ToArray();
            var y = Enumerable.Range(0, days).Where(day => counts[day] > 0).Select(day => hits[mode, 1, day] / (double)counts[day]).ToArray();
            report.Series(names[mode], x, y);
        }

        report.Line($"Data: `{log.Name}`, cut T at the 80% point in time ({DateTimeOffset.FromUnixTimeSeconds(data.SplitTime):yyyy-MM-dd HH:mm} UTC). PinnerFormer (Dense All Action, " +
            $"M = {options.MaxSequence}) trained {steps} steps of {options.BatchUsers} sequences on every user's actions before T ({trainSeconds:0} s), item embeddings in the parameter server. " +
            $"Evaluated: the {total:N0} positive actions in the {days} days after T of the {actions.Select(a => a.User).Distinct().Count():N0} users who acted before T; " +
            $"each is one next-action query ranked against all {catalogue.Length:N0} items (hit = its item in the top 10; Recall@10 = hits / actions). " +
            "The user embedding is computed once at T, at the start of the action's day (from every action before that midnight, T + whole days), " +
            "or right before the action (from every action before it). \"Excluding seen\": the items the user acted on before the action are not ranked (the same set for every mode).");
        report.Line("");
        report.Table(["user embedding computed", "Recall@10, seen items excluded", "Recall@10, nothing excluded", "paper Recall@10 (Pinterest)"], rows);
        report.Line("Actions per day after T: " + string.Join(", ", counts.Select((c, day) => $"day {day + 1}: {c:N0}")) + ". The plot shows Recall@10 (seen excluded) per day.");
        var saved = report.Save($"PinnerFormer inference frequency on {log.Name}: Recall@10 of next actions", "day after T", "Recall@10 (seen excluded)");
        Console.WriteLine($"Wrote {saved} and its PNG.");
    }

    private readonly record struct EvaluatedAction(int User, int Position, int Day);

    /// <summary>Positive actions in [T, T + days) of users with actions before T, in user and time order.</summary>
    private static List<EvaluatedAction> EvaluatedActions(SequenceData data, int days)
    {
        var actions = new List<EvaluatedAction>();
        for (var u = 0; u < data.Users.Length; u++)
        {
            var events = data.Events[u];
            for (var p = data.HistoryLength[u]; p < events.Length && data.HistoryLength[u] > 0; p++)
            {
                var t = data.Log.Timestamps[events[p]];
                if (t >= data.SplitTime + days * Day)
                {
                    break;
                }

                if (data.Log.IsPositive(events[p]))
                {
                    actions.Add(new EvaluatedAction(u, p, (int)((t - data.SplitTime) / Day)));
                }
            }
        }

        return actions;
    }

    /// <summary>The last event each mode's embedding sees: before T; before the action's day starts; before the action.</summary>
    private static int[] EndsOf(SequenceData data, EvaluatedAction action)
    {
        var events = data.Events[action.User];
        var dayStart = data.SplitTime + action.Day * Day;
        var daily = data.HistoryLength[action.User];
        while (daily < action.Position && data.Log.Timestamps[events[daily]] < dayStart)
        {
            daily++;
        }

        return [data.HistoryLength[action.User] - 1, daily - 1, action.Position - 1];
    }
}
