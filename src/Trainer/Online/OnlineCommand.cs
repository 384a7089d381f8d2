using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ParameterServer.Grains.Joining;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Cli;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Hosting;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// <c>online</c>: trains DeepFM continuously from the <c>examples</c> stream that the joiners fill. With the embedded
/// silo (default) it also plays the application: the first part of the timeline is trained in batch, the rest is
/// replayed as impressions and clicks through the joiner, and the replayed future is then scored from the serving pool
/// (AUC, and calibration with the negative-sampling correction). With <c>--Trainer:Join=true</c> it consumes a
/// running cluster's stream until stopped, surviving the cluster's restart.
/// </summary>
internal static class OnlineCommand
{
    public const string Usage =
        "usage: dotnet run --project src/Trainer -- online [--data PATH] [--events N] [--warmup F] [--rate N] [--batch N] [--max-delay-ms N] [--seconds N] [--no-replay] [--skip-bad-lines] [--Section:Key=value ...]";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public static async Task<int> Run(string[] args)
    {
        var cli = new CommandLine(args);
        var dataPath = cli.String("data");
        var events = cli.Int("events", 100_000, 1_000, 100_000_000);
        var warmup = cli.Float("warmup", 0.5f, 0, 0.95f);
        var rate = cli.Int("rate", 20_000, 0, 10_000_000);
        var batch = cli.Int("batch", 256, 1, 65_536);
        var maxDelay = TimeSpan.FromMilliseconds(cli.Int("max-delay-ms", 200, 1, 60_000));
        var seconds = cli.Int("seconds", 0, 0, 31_536_000);
        var replay = !cli.Switch("no-replay");
        var readerOptions = new ReaderOptions { SkipBadLines = cli.Switch("skip-bad-lines") };
        cli.RejectUnknown();
        if (DataSource.IsCriteo(dataPath))
        {
            throw new ArgumentException("The online loop needs users and items: give a MovieLens folder or a Taobao CSV.");
        }

        var log = DataSource.Load(dataPath, readerOptions, new SyntheticOptions { Events = events });
        var data = new InteractionFeaturizer(log, "").Build();
        var split = warmup > 0 ? log.SplitIndex(warmup) : 0;

        await using var host = await TrainerHost.Start(cli.Settings);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        // The joiners' own settings: the embedded silo's, or the Joiner section a cluster's silos read.
        var joiner = host.Services.GetService<IOptions<JoinerOptions>>()?.Value
            ?? configuration.GetSection(JoinerOptions.SectionName).Get<JoinerOptions>() ?? new JoinerOptions();
        var validation = new JoinerOptionsValidator().Validate(Options.DefaultName, joiner);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage);
        }

        var samplingRate = joiner.NegativeSamplingRate;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ParameterServer.Trainer.Online");
        var options = new CtrTrainerOptions { Name = "online", BatchSize = batch };
        Console.WriteLine(host.Endpoints);
        Console.WriteLine($"Data: {log.Name}: {data.Count:N0} events; tables {string.Join(", ", data.Schema.Tables)}; " +
            $"negatives kept at rate {samplingRate} (log-odds correction ln {samplingRate} at serving).");

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        if (seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        if (split > 0 && replay)
        {
            using var batchTrainer = await CtrTrainer.Connect(data.Schema, options, host.Sparse, host.Dense);
            var bar = new ProgressBar("batch training, first part of the timeline", split);
            var start = batchTrainer.DenseVersion;
            await batchTrainer.Train(data, CtrDataset.Range(0, split), p => bar.Update((p.Step - start) * (long)batch, $"AUC {p.RecentAuc:0.0000}"), stop.Token);
            bar.Finish();
        }

        await using var session = await OnlineSession.Start(
            host.Client, data.Schema, _ => CtrTrainer.Connect(data.Schema, options, host.Sparse, host.Dense),
            new OnlineTrainerOptions { BatchSize = batch, MaxDelay = maxDelay }, logger);
        var online = session.Trainer;
        var clock = Stopwatch.StartNew();
        Task replaying = Task.CompletedTask;
        if (replay)
        {
            var publisher = new RealtimePublisher(host.Client);
            replaying = new EventReplay(publisher, data, split, data.Count, EventReplay.NewRequestIdBase()).Run(rate, stop.Token);
            Console.WriteLine($"Replaying events {split:N0}..{data.Count:N0} as impressions and clicks at {(rate == 0 ? "full speed" : $"{rate:N0} events/s")}.");
        }
        else
        {
            Console.WriteLine("Consuming the examples stream; Ctrl-C or SIGTERM stops.");
        }

        // Until stopped; with a replay, until it is done and training has been idle for a while.
        var lastExamples = -1L;
        var idleSince = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ProgressInterval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var p = online.Progress;
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0}s] trained {p.Examples:N0} examples ({p.Positives:N0} positive) in {p.Steps:N0} rounds; " +
                $"rejected {p.Rejected:N0}; reconnects {p.Reconnects}; newest example {DateTimeOffset.FromUnixTimeMilliseconds(p.NewestExampleMs):yyyy-MM-dd HH:mm}");
            if (replay && replaying.IsCompleted)
            {
                idleSince = p.Examples == lastExamples ? idleSince + ProgressInterval : TimeSpan.Zero;
                if (idleSince >= 3 * ProgressInterval)
                {
                    break;
                }
            }

            lastExamples = p.Examples;
        }

        await stop.CancelAsync();
        await session.StopAsync();
        await replaying.ContinueWith(_ => { }, TaskScheduler.Default);
        await PrintJoinerStats(host.Client);
        if (replay && online.Trainer is { } trainer)
        {
            await EvaluateReplayed(host, trainer, data, split, samplingRate, options);
        }

        return 0;
    }

    private static async Task PrintJoinerStats(IClusterClient client)
    {
        var stats = await Task.WhenAll(Enumerable.Range(0, RealtimeStreams.Partitions).Select(p => client.GetGrain<IJoinerGrain>(p).GetStats()));
        Console.WriteLine($"Joiners: {stats.Sum(s => s.Impressions):N0} impressions, {stats.Sum(s => s.Actions):N0} actions → " +
            $"{stats.Sum(s => s.Positives):N0} positives ({stats.Sum(s => s.LatePositives):N0} late), {stats.Sum(s => s.Negatives):N0} negatives kept, " +
            $"{stats.Sum(s => s.NegativesDropped):N0} dropped by sampling; {stats.Sum(s => s.Pending):N0} still in their window; " +
            $"{stats.Sum(s => s.Duplicates):N0} duplicates, {stats.Sum(s => s.Unmatched):N0} unmatched, {stats.Sum(s => s.Rejected):N0} rejected.");
    }

    /// <summary>The replayed events scored from the serving pool, the sampled model's probabilities corrected.</summary>
    private static async Task EvaluateReplayed(TrainerHost host, CtrTrainer trainer, CtrDataset data, int split, double samplingRate, CtrTrainerOptions options)
    {
        await host.Dense.Publish(options.DenseModelName);
        var weights = await host.Dense.GetServing(options.DenseModelName);
        var examples = CtrDataset.Range(split, data.Count);
        var sampled = await trainer.PredictWith(weights, data, examples, new ServingPoolEmbeddings(host.Sparse));
        var corrected = sampled.Select(p => (float)NegativeSampling.CorrectProbability(p, samplingRate)).ToArray();
        var labels = data.Labels.AsSpan(split);
        Console.WriteLine($"Replayed events from serving: AUC {Auc.Compute(corrected, labels):0.0000}, log loss {LogLoss.Compute(corrected, labels):0.0000}; " +
            $"mean predicted {corrected.Average():0.0000} (uncorrected {sampled.Average():0.0000}) vs observed {data.Labels.Skip(split).Average():0.0000}.");
    }
}
