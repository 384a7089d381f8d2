using System.Diagnostics;
using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Demo;

/// <summary>
/// The main job: an embedded silo (or a cluster from configuration), DeepFM trained on the synthetic default (or
/// <c>--data</c>) with its embeddings in the parameter server, serving synced, the held-out future evaluated from both
/// pools beside popularity, and a few users' top-10 items scored from the serving pool.
/// </summary>
internal static class CtrDemo
{
    private const string Usage =
        "usage: dotnet run --project src/Trainer -- demo [--data PATH] [--epochs N] [--batch N] [--events N] [--sparse-lr X] [--dense-lr X] [--skip-bad-lines] [--Section:Key=value ...]";

    public static async Task<int> Run(string[] args)
    {
        var cli = new CommandLine(args);
        var dataPath = cli.String("data");
        var epochs = cli.Int("epochs", 2, 1, 1_000);
        var batch = cli.Int("batch", 256, 1, 65_536);
        var events = cli.Int("events", 300_000, 1_000, 100_000_000);
        var defaults = new CtrTrainerOptions();
        var sparseRate = cli.Float("sparse-lr", defaults.SparseLearningRate, 1e-6f, 10f);
        var denseRate = cli.Float("dense-lr", defaults.DenseLearningRate, 1e-7f, 1f);
        var readerOptions = new ReaderOptions { SkipBadLines = cli.Switch("skip-bad-lines") };
        cli.RejectUnknown();
        var total = Stopwatch.StartNew();

        // 1. Data, split by time: train on the past, evaluate on the future.
        InteractionLog? log = null;
        CtrDataset data;
        int split;
        if (DataSource.IsCriteo(dataPath))
        {
            data = CriteoFeaturizer.Read(dataPath!, "demo.", readerOptions);
            split = (int)(data.Count * 0.8);
        }
        else
        {
            log = DataSource.Load(dataPath, readerOptions, new SyntheticOptions { Events = events });
            data = new InteractionFeaturizer(log, "demo.").Build();
            split = log.SplitIndex(0.8);
        }

        Console.WriteLine($"Data: {log?.Name ?? Path.GetFileName(dataPath)}: {data.Count:N0} examples, {data.Labels.Average():P1} positive; " +
            $"training on the first {split:N0} in time, evaluating on the last {data.Count - split:N0}.");
        Console.WriteLine($"Sparse fields: {string.Join(", ", data.Schema.Fields.Select(f => f.Slots > 1 ? $"{f.Name}×{f.Slots}" : f.Name))} " +
            $"in tables {string.Join(", ", data.Schema.Tables)}; {data.Schema.DenseCount} dense features.");

        // 2. The cluster and the trainer: tables and the dense model are created, or joined when they exist.
        await using var host = await TrainerHost.Start(cli.Settings);
        Console.WriteLine(host.Endpoints);
        var options = new CtrTrainerOptions { Name = "demo", BatchSize = batch, SparseLearningRate = sparseRate, DenseLearningRate = denseRate };
        using var trainer = await CtrTrainer.Connect(data.Schema, options, host.Sparse, host.Dense);
        Console.WriteLine($"{(host.Embedded ? "Embedded silo up" : "Joined the cluster")}; DeepFM: {options.Model.EmbeddingDimension}-dim embeddings " +
            $"(+1 first-order weight) per row, deep layers {string.Join("-", options.Model.Hidden)}; dense model at version {trainer.DenseVersion}.");

        // 3. Train, shuffled within the training window only.
        var train = CtrDataset.Range(0, split);
        var random = new Random(11);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(train);
            var bar = new ProgressBar($"epoch {epoch}/{epochs}", split);
            var start = trainer.DenseVersion;
            await trainer.Train(data, train, p => bar.Update(
                (p.Step - start) * (long)batch,
                $"{p.ExamplesPerSecond,8:N0} examples/s   loss {p.Loss:0.0000}   AUC {p.RecentAuc:0.0000} (last 20k, scored before training)"));
            bar.Finish();
        }

        // 4. Serving: publish the dense weights, wait for the embeddings' eager sync.
        var published = await host.Dense.Publish(options.DenseModelName);
        var synced = await WaitForServing(host.Sparse, data, split);
        Console.WriteLine($"Dense version {published} published to serving; serving embeddings matched training {synced.TotalMilliseconds:N0} ms after the last push.");

        // 5. The held-out future, from the training pool and from what serving holds.
        var test = CtrDataset.Range(split, data.Count);
        var popularity = new CtrPopularity(data, split);
        var fromTraining = await trainer.Evaluate(data, split, split, data.Count);
        var servingWeights = await host.Dense.GetServing(options.DenseModelName);
        var serving = new ServingPoolEmbeddings(host.Sparse);
        var fromServing = popularity.Evaluate(data, split, data.Count, await trainer.PredictWith(servingWeights, data, test, serving));
        Console.WriteLine($"Held-out future, training pool: {fromTraining}");
        Console.WriteLine($"Held-out future, serving pool:  {fromServing}");

        // 6. A few users' top 10 from the serving pool.
        if (log is not null)
        {
            await ShowTopItems(trainer, log, data, split, servingWeights, serving);
        }

        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    public static int PrintUsage()
    {
        Console.Error.WriteLine(Usage);
        Console.Error.WriteLine(Experiments.ExperimentCommand.Usage);
        Console.Error.WriteLine(Inference.InferCommand.Usage);
        Console.Error.WriteLine(Fusion.FusionCommand.Usage);
        Console.Error.WriteLine(Online.OnlineCommand.Usage);
        Console.Error.WriteLine(Cli.RecommendCommand.Usage);
        return 2;
    }

    /// <summary>Polls until serving returns the training rows of the test window's first IDs (the eager sync).</summary>
    private static async Task<TimeSpan> WaitForServing(ParameterServerClient client, CtrDataset data, int split)
    {
        var clock = Stopwatch.StartNew();
        var slots = data.Schema.SlotCount;
        foreach (var (table, t) in data.Schema.Tables.Select((name, t) => (name, t)))
        {
            var slot = data.Schema.TableSlots[t][0];
            var ids = Enumerable.Range(0, Math.Min(split, 500)).Select(e => data.Keys[e * slots + slot]).Distinct().ToArray();
            var trained = await client.PullForTraining(table, ids);
            while (!(await client.Lookup(table, ids)).AsSpan().SequenceEqual(trained))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"Serving did not match training for table {table} within 30 s.");
                }

                await Task.Delay(20);
            }
        }

        return clock.Elapsed;
    }

    private static async Task ShowTopItems(CtrTrainer trainer, InteractionLog log, CtrDataset data, int split, DenseWeights weights, IEmbeddingReader serving)
    {
        var featurizer = new InteractionFeaturizer(log, "demo.").WithSchema(data.Schema);
        var catalogue = log.Items.Distinct().Order().ToArray();
        var users = Enumerable.Range(split, log.Count - split).GroupBy(i => log.Users[i])
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(3).Select(g => g.Key).ToArray();
        Console.WriteLine($"Top 10 of {catalogue.Length:N0} items for the 3 most active users of the test window (serving pool, dense version {weights.Version}):");
        foreach (var user in users)
        {
            var seen = Enumerable.Range(0, split).Where(i => log.Users[i] == user).Select(i => log.Items[i]).ToHashSet();
            var liked = Enumerable.Range(0, split).Where(i => log.Users[i] == user && log.IsPositive(i))
                .SelectMany(i => log.ItemCategories.GetValueOrDefault(log.Items[i], [])).GroupBy(c => c)
                .OrderByDescending(g => g.Count()).Take(3).Select(g => g.Key).ToArray();
            var candidates = catalogue.Where(i => !seen.Contains(i)).ToArray();
            var examples = featurizer.Candidates(user, candidates, log.Timestamps[split]);
            var scores = await trainer.PredictWith(weights, examples, CtrDataset.Range(0, examples.Count), serving);
            var top = Enumerable.Range(0, candidates.Length).OrderByDescending(i => scores[i]).Take(10).ToArray();
            var future = Enumerable.Range(split, log.Count - split).Where(i => log.Users[i] == user && log.IsPositive(i)).Select(i => log.Items[i]).ToHashSet();
            Console.WriteLine($"  user {user}: {seen.Count} items seen in training, favourite categories {string.Join(", ", liked)}; " +
                $"{top.Count(i => future.Contains(candidates[i]))} of these 10 were engaged with later");
            foreach (var i in top)
            {
                var item = candidates[i];
                var name = log.ItemNames.GetValueOrDefault(item, $"item {item}");
                var categories = string.Join(",", log.ItemCategories.GetValueOrDefault(item, []));
                Console.WriteLine($"    {scores[i],6:0.000}  {name}  [{categories}]{(future.Contains(item) ? "  ← engaged later" : "")}");
            }
        }
    }
}
