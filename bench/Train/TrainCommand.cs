using System.Diagnostics;
using ParameterServer.Bench.Common;
using ParameterServer.Bench.Sparse;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Bench.Train;

/// <summary>
/// `train`: the same DeepFM on the same examples in the same order, twice in this process: embeddings (and dense
/// Adam) in a silo process on loopback through the SDKs, with the next batch's pull and this batch's push overlapped
/// with compute; then local <c>nn.Embedding</c> tables and the same Adam in process. Reports examples/s of the timed
/// epochs after a warm-up of <see cref="WarmUpPasses"/> passes over them, and the test AUC of each run (the same model:
/// they should agree).
/// </summary>
internal static class TrainCommand
{
    /// <summary>
    /// Warm-up, in passes over the timed examples. Tiered JIT of the client's and the silo's code (tens of thousands of
    /// methods, compiled quickly, then instrumented, then optimised) takes several seconds on two busy cores; after a
    /// 20-step warm-up the parameter-server run paid for it inside its 2 s window (0.56–0.72 of local; 0.75 with
    /// DOTNET_TieredCompilation=0). A continuously training job runs in the steady state this reaches.
    /// </summary>
    private const int WarmUpPasses = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> Run(string[] options)
    {
        var events = 300_000;
        var epochs = 2;
        // Defaults: batch 1024 (CTR trainers use large batches; per-call costs are per batch, compute per example) and
        // one shard per table (one 2-core silo process shares the machine with the trainer, so more shards only add
        // messages; shards are the unit of parallelism across silos).
        var trainerOptions = new CtrTrainerOptions { Name = "bench-train", Shards = 1, BatchSize = 1024 };
        var torchThreads = 1;
        foreach (var option in options)
        {
            if (option == "--quick")
            {
                events = 60_000;
                epochs = 1;
            }
            else if (option.StartsWith("--shards=", StringComparison.Ordinal) && int.TryParse(option["--shards=".Length..], out var shards) && shards is >= 1 and <= 64)
            {
                trainerOptions = trainerOptions with { Shards = shards };
            }
            else if (option.StartsWith("--batch=", StringComparison.Ordinal) && int.TryParse(option["--batch=".Length..], out var batch) && batch is >= 16 and <= 65_536)
            {
                trainerOptions = trainerOptions with { BatchSize = batch };
            }
            else if (option.StartsWith("--torch-threads=", StringComparison.Ordinal) && int.TryParse(option["--torch-threads=".Length..], out var threads) && threads is >= 1 and <= 256)
            {
                torchThreads = threads;
            }
            else
            {
                Console.Error.WriteLine($"train: unknown option '{option}'. Options: --quick, --shards=1..64 (default 1), --batch=16..65536 (default 1024), --torch-threads=N (default 1).");
                return 2;
            }
        }

        // One intra-op thread: this model's small matrices run faster without torch's thread hand-offs (measured:
        // the local run ~1.7x faster than with 2 threads on this 2-core machine), and both runs get the same setting.
        TorchSharp.torch.set_num_threads(torchThreads);
        var clock = Stopwatch.StartNew();
        var cpu = new CpuGauge();
        var log = SyntheticGenerator.Generate(new SyntheticOptions { Events = events });
        var data = new InteractionFeaturizer(log, "bench-train.").Build();
        var split = log.SplitIndex(0.8);
        var random = new Random(5);
        var order = Enumerable.Range(0, epochs).SelectMany(_ =>
        {
            var epoch = CtrDataset.Range(0, split);
            random.Shuffle(epoch);
            return epoch;
        }).ToArray();
        var warmUp = Enumerable.Repeat(order, WarmUpPasses).SelectMany(o => o).ToArray();
        Progress.Report($"synthetic: {data.Count:N0} examples; {epochs} timed epoch(s) of {split:N0}, batch {trainerOptions.BatchSize}, {trainerOptions.Shards} shards per table, {torchThreads} torch thread(s) ({clock.Elapsed.TotalSeconds:F1} s)");

        TrainRun parameterServer;
        await using (var silo = await SiloProcess.Start(SparseSettings.Full.SiloGen0Size, StartTimeout))
        {
            Progress.Report($"silo pid {silo.ProcessId} up ({clock.Elapsed.TotalSeconds:F1} s)");
            using var trainer = await CtrTrainer.Connect(data.Schema, trainerOptions, new ParameterServerClient(silo.Client), new DenseParameterClient(silo.Client));
            parameterServer = await Timed("parameter server", trainer, data, warmUp, order, split);
            cpu.AddChild(silo.CpuTime);
        }

        Progress.Report($"parameter server: {parameterServer.ExamplesPerSecond:N0} examples/s ({clock.Elapsed.TotalSeconds:F1} s)");
        TrainRun local;
        using (var trainer = await CtrTrainer.Local(data.Schema, trainerOptions, data))
        {
            local = await Timed("local nn.Embedding", trainer, data, warmUp, order, split);
        }

        Progress.Report($"local: {local.ExamplesPerSecond:N0} examples/s ({clock.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine("| run | examples/s | timed examples | seconds | test AUC | test log loss |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var run in new[] { parameterServer, local })
        {
            Console.WriteLine($"| {run.Name} | {run.ExamplesPerSecond:N0} | {run.Examples:N0} | {run.Seconds:F1} | {run.Metrics.Auc:F4} | {run.Metrics.LogLoss:F4} |");
        }

        Console.WriteLine();
        if (cpu.Read() is var (others, available))
        {
            Console.WriteLine($"Other processes used {others:F1} of {available:F0} CPU-seconds during the run; compare runs only when that is near 0.");
        }

        Console.WriteLine($"ps_examples_s={parameterServer.ExamplesPerSecond:F0} local_examples_s={local.ExamplesPerSecond:F0} ps_over_local={parameterServer.ExamplesPerSecond / local.ExamplesPerSecond:F3}");
        return 0;
    }

    private static async Task<TrainRun> Timed(string name, CtrTrainer trainer, CtrDataset data, int[] warmUp, int[] order, int split)
    {
        await trainer.Train(data, warmUp);
        var clock = Stopwatch.StartNew();
        await trainer.Train(data, order);
        var seconds = clock.Elapsed.TotalSeconds;
        var metrics = await trainer.Evaluate(data, split, split, data.Count);
        return new TrainRun(name, order.Length, seconds, metrics);
    }
}
