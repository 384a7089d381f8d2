using ParameterServer.Grains.Users;
using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Sequences;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Fusion;

/// <summary>
/// <c>train-fusion</c>: trains what the user grains fuse and publishes the fusion weights. On one log: DeepFM's item rows
/// in table "items" (events before T2, the 85% point), PinnerFormer under its standard name (before T1, the 70% point),
/// then the fusion on what a grain would hold before each positive action in [T1, T2) (the long-term embedding of the
/// action day's daily inference, the last 64 actions' distinct items), evaluated on the actions after T2, and published
/// as <see cref="RecommendationOptions.FusionModel"/>.
/// </summary>
internal static class FusionCommand
{
    public const string Usage =
        "usage: dotnet run -c Release --project src/Trainer -- train-fusion [--data PATH] [--ctr-epochs N] [--pf-steps N] [--steps N] [--fusion-lr X] [--skip-bad-lines] [--Section:Key=value ...]";

    private const long Day = 86_400;
    private const int MaxTrainExamples = 20_000;
    private const int MaxTestExamples = 5_000;

    public static async Task<int> Run(string[] args)
    {
        var cli = new CommandLine(args);
        var dataPath = cli.String("data");
        var ctrEpochs = cli.Int("ctr-epochs", 1, 0, 100);
        var pfSteps = cli.Int("pf-steps", 300, 0, 1_000_000);
        var steps = cli.Int("steps", 600, 1, 1_000_000);
        var learningRate = cli.Float("fusion-lr", 0.05f, 1e-6f, 1f);
        var readerOptions = new ReaderOptions { SkipBadLines = cli.Switch("skip-bad-lines") };
        cli.RejectUnknown();
        if (DataSource.IsCriteo(dataPath))
        {
            throw new ArgumentException("Fusion needs users' action sequences: give a MovieLens folder or a Taobao CSV.");
        }

        var log = DataSource.Load(dataPath, readerOptions, new SyntheticOptions());
        var serving = new RecommendationOptions();
        await using var host = await TrainerHost.Start(cli.Settings);
        Console.WriteLine(host.Endpoints);

        // 1. The item table serving retrieves from: DeepFM's item rows, keyed ItemKeyOffset + item.
        var ctrEnd = log.SplitIndex(0.85);
        // No table prefix: the featurizer's item table is then "items", the user grains' default.
        var ctr = new InteractionFeaturizer(log, "").Build();
        using (var ctrTrainer = await CtrTrainer.Connect(ctr.Schema, new CtrTrainerOptions { Name = "recommend.ctr" }, host.Sparse, host.Dense))
        {
            var order = CtrDataset.Range(0, ctrEnd);
            var random = new Random(11);
            for (var epoch = 0; epoch < ctrEpochs; epoch++)
            {
                random.Shuffle(order);
                await ctrTrainer.Train(ctr, order);
            }
        }

        // 2. PinnerFormer, trained before T1.
        var data = new SequenceData(log, 0.7, windowDays: 28, maxEvaluationUsers: 0);
        using var pinnerFormer = await PinnerFormerTrainer.Connect(data, new PinnerFormerOptions(), host.Sparse, host.Dense);
        var pfLoss = await pinnerFormer.Train(pfSteps);
        Console.WriteLine($"DeepFM {ctrEpochs} epoch(s) on {ctrEnd:N0} events; PinnerFormer {pfSteps} steps (mean loss {pfLoss:0.000}).");

        // 3. Examples: what a grain holds right before each positive action after T1.
        var t2 = log.Timestamps[Math.Min(ctrEnd, log.Count - 1)];
        var positions = Positions(data, t2);
        var train = await Examples(data, pinnerFormer, positions.Train, MaxTrainExamples, serving.SequenceLength);
        var test = await Examples(data, pinnerFormer, positions.Test, MaxTestExamples, serving.SequenceLength);
        var table = await host.Sparse.DescribeTable(serving.ItemTable);
        var rows = await host.Sparse.PullForTraining(serving.ItemTable, data.Catalogue.Select(item => serving.ItemKeyOffset + item).ToArray());
        using var fusion = await FusionTrainer.Connect(host.Dense, serving.FusionModel, learningRate, data.Catalogue, rows, table.Dimension, serving.LongTermDimension, serving.SequenceLength);
        var defaults = UserQueryFusion.DefaultWeights(table.Dimension - 1, serving.LongTermDimension);
        var before = fusion.RecallAt10(test, defaults);
        var loss = await fusion.Train(train, steps, batch: 64, negatives: 256);
        var after = fusion.RecallAt10(test);
        var version = await host.Dense.Publish(serving.FusionModel);
        Console.WriteLine($"Fusion: {train.Count:N0} training examples in [T1, T2), {test.Count:N0} test examples after T2, {data.Catalogue.Length:N0} items; {steps} steps, mean loss {loss:0.000}.");
        Console.WriteLine($"Recall@10 after T2 (sequence items excluded): default weights {before:0.0000}, trained {after:0.0000}. Published '{serving.FusionModel}' version {version}.");
        return 0;
    }

    /// <summary>Positive actions after T1 with an earlier action, split at <paramref name="t2"/>: (user, position).</summary>
    private static (List<(int User, int Position)> Train, List<(int User, int Position)> Test) Positions(SequenceData data, long t2)
    {
        var train = new List<(int, int)>();
        var test = new List<(int, int)>();
        for (var u = 0; u < data.Users.Length; u++)
        {
            var events = data.Events[u];
            for (var p = Math.Max(1, data.HistoryLength[u]); p < events.Length; p++)
            {
                if (data.Log.IsPositive(events[p]))
                {
                    (data.Log.Timestamps[events[p]] < t2 ? train : test).Add((u, p));
                }
            }
        }

        return (train, test);
    }

    private static async Task<List<FusionExample>> Examples(SequenceData data, PinnerFormerTrainer pinnerFormer, List<(int User, int Position)> positions, int max, int sequenceLength)
    {
        var random = new Random(13);
        var chosen = positions.OrderBy(_ => random.Next()).Take(max).ToList();

        // The daily job's embedding: every action before the action's UTC day began (none: no long-term embedding yet).
        var ends = chosen.Select(x =>
        {
            var events = data.Events[x.User];
            var dayStart = data.Log.Timestamps[events[x.Position]] / Day * Day;
            var end = x.Position - 1;
            while (end >= 0 && data.Log.Timestamps[events[end]] >= dayStart)
            {
                end--;
            }

            return end;
        }).ToArray();
        var sequences = chosen.Select((x, i) => (x.User, End: ends[i])).Where(s => s.End >= 0).Distinct().ToList();
        var vectors = await pinnerFormer.EmbedAt(sequences);
        var d = vectors.Length / Math.Max(1, sequences.Count);
        var index = sequences.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        return chosen.Select((x, i) =>
        {
            var events = data.Events[x.User];
            var recent = events.AsSpan(Math.Max(0, x.Position - sequenceLength), Math.Min(x.Position, sequenceLength)).ToArray();
            var sequence = UserQueryFusion.SequenceItems(recent.Select(e => data.Log.Items[e]).ToArray());
            var longTerm = ends[i] >= 0 ? vectors.AsSpan(index[(x.User, ends[i])] * d, d).ToArray() : null;
            return new FusionExample(longTerm, sequence, data.Log.Items[events[x.Position]]);
        }).ToList();
    }
}
