using System.Diagnostics;
using System.Globalization;
using ParameterServer.Bench.Common;
using ParameterServer.Bench.Sparse;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Users;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Online;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Bench.Serve;

/// <summary>
/// `serve`: a silo process holding DeepFM's tables (the item table: 100k rows of 64 floats + bias in 4 shards) and
/// 1,000 user grains with realtime sequences (half with a long-term embedding); closed-loop callers ask
/// <c>Recommend(user, k = 10)</c> for 30 s. Then event-to-serving: an impression and its click are published, and the
/// clock runs until the serving copy of the clicked item's row changes (joiner → examples stream → online trainer in
/// this process → training shard → eager sync → serving shard).
/// </summary>
internal static class ServeCommand
{
    /// <summary>How the user grains map items to rows of the item table (the silo runs with the default).</summary>
    private static readonly long ItemKeyOffset = new RecommendationOptions().ItemKeyOffset;
    private const long FreshItems = 1_000_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public static async Task<int> Run(string[] options)
    {
        var settings = ServeSettings.Full;
        foreach (var option in options)
        {
            if (option == "--quick")
            {
                settings = ServeSettings.Quick with { InFlight = settings.InFlight };
            }
            else if (option.StartsWith("--in-flight=", StringComparison.Ordinal) && int.TryParse(option["--in-flight=".Length..], out var inFlight) && inFlight is >= 1 and <= 256)
            {
                settings = settings with { InFlight = inFlight };
            }
            else
            {
                Console.Error.WriteLine($"serve: unknown option '{option}'. Options: --quick (8 s of load, 8 freshness samples), --in-flight=1..256 (default {ServeSettings.Full.InFlight}).");
                return 2;
            }
        }

        TorchSharp.torch.set_num_threads(1);
        var clock = Stopwatch.StartNew();
        var cpu = new CpuGauge();
        var log = SyntheticGenerator.Generate(new SyntheticOptions { Events = 20_000, Items = settings.Items });
        var featurizer = new InteractionFeaturizer(log, "");
        var trainerOptions = new CtrTrainerOptions
        {
            Name = "bench-serve", Shards = ServeSettings.Shards, BatchSize = 64,
            Model = new DeepFmOptions { EmbeddingDimension = ServeSettings.Dimension },
        };

        await using var silo = await SiloProcess.Start(SparseSettings.Full.SiloGen0Size, StartTimeout, c => c.AddRealtimeMemoryStreams());
        Progress.Report($"silo pid {silo.ProcessId} up ({clock.Elapsed.TotalSeconds:F1} s)");
        var sparse = new ParameterServerClient(silo.Client);
        var dense = new DenseParameterClient(silo.Client);
        using (await CtrTrainer.Connect(featurizer.Schema, trainerOptions, sparse, dense))
        {
            // Creates the tables and the dense model.
        }

        await FillItems(sparse, settings);
        Progress.Report($"{settings.Items:N0} item rows trained and synced to serving ({clock.Elapsed.TotalSeconds:F1} s)");
        var users = await FillUsers(silo.Client, settings);
        Progress.Report($"{users.Length:N0} users with sequences ({clock.Elapsed.TotalSeconds:F1} s)");

        var sources = new int[3];
        var (perSecond, latencies) = await LatencyLoop.Run(settings.InFlight, settings.WarmUp, settings.Measure, async call =>
        {
            var user = users[(int)((uint)call % (uint)users.Length)];
            var recommendation = await sparse.Recommend(user, ServeSettings.K);
            Interlocked.Increment(ref sources[(int)recommendation.Source]);
        });
        Progress.Report($"Recommend: {perSecond:N0}/s over {latencies.Length:N0} calls ({clock.Elapsed.TotalSeconds:F1} s)");

        var freshness = await EventToServing(silo.Client, featurizer, trainerOptions, sparse, dense, settings.FreshnessSamples);
        cpu.AddChild(silo.CpuTime);
        Report(settings, perSecond, latencies, sources, freshness, cpu.Read());
        return 0;
    }

    /// <summary>Every item's row created and moved by one random gradient, then waited for in serving.</summary>
    private static async Task FillItems(ParameterServerClient sparse, ServeSettings settings)
    {
        var keys = Enumerable.Range(1, settings.Items).Select(item => ItemKeyOffset + item).ToArray();
        var random = new Random(3);
        const int chunk = 20_000;
        for (var start = 0; start < keys.Length; start += chunk)
        {
            var ids = keys.AsMemory(start, Math.Min(chunk, keys.Length - start));
            await sparse.PullForTraining("items", ids);
            var gradients = new float[ids.Length * (ServeSettings.Dimension + 1)];
            for (var i = 0; i < gradients.Length; i++)
            {
                gradients[i] = (float)(random.NextDouble() - 0.5);
            }

            await sparse.PushGradients("items", ids, gradients);
        }

        var sample = keys.Where((_, i) => i % 97 == 0).ToArray();
        var trained = await sparse.PullForTraining("items", sample);
        var deadline = Stopwatch.StartNew();
        while (!(await sparse.Lookup("items", sample)).AsSpan().SequenceEqual(trained))
        {
            if (deadline.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException("The serving copy of the item table did not match training within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Users 1..N, each with 8..64 actions on Zipf-popular items; every other one with a long-term embedding.</summary>
    private static async Task<long[]> FillUsers(IClusterClient client, ServeSettings settings)
    {
        var random = new Random(7);
        var zipf = new ZipfSampler(settings.Items, 1.05);
        var users = Enumerable.Range(1, settings.Users).Select(u => (long)u).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
        {
            UserAction[] actions;
            float[] longTerm;
            lock (random)
            {
                actions = Enumerable.Range(0, random.Next(8, 65)).Select(i => new UserAction
                {
                    RequestId = 0, UserId = user, ItemId = zipf.Next(random), Kind = ActionKind.Click, TimestampMs = now - 60_000 + i,
                }).ToArray();
                longTerm = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            }

            var grain = client.GetGrain<IUserGrain>(user);
            await grain.AddActions(actions);
            if (user % 2 == 0)
            {
                await grain.SetLongTerm(new LongTermEmbedding(longTerm, now));
            }
        });
        return users;
    }

    /// <summary>Seconds from publishing an impression and its click until serving returns the item's changed row.</summary>
    private static async Task<double[]> EventToServing(
        IClusterClient client, InteractionFeaturizer featurizer, CtrTrainerOptions trainerOptions,
        ParameterServerClient sparse, DenseParameterClient dense, int samples)
    {
        await using var session = await OnlineSession.Start(
            client, featurizer.Schema, _ => CtrTrainer.Connect(featurizer.Schema, trainerOptions, sparse, dense),
            new OnlineTrainerOptions { BatchSize = 64, MaxDelay = TimeSpan.FromMilliseconds(50) });
        var publisher = new RealtimePublisher(client);
        var random = new Random(13);
        var seconds = new List<double>(samples);

        // The first sample is a warm-up (the trainer's first connection, serving activations).
        for (var s = -1; s < samples; s++)
        {
            var item = FreshItems + s + 1;
            long[] key = [ItemKeyOffset + item];
            var before = await sparse.Lookup("items", key);
            await Task.Delay(random.NextDouble() * TimeSpan.FromSeconds(1));
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var impression = CtrEvents.Features(featurizer.Candidates(user: 1 + s % 100, [item], now / 1_000), 0, requestId: now * 1_000 + s + 2);
            var start = Stopwatch.GetTimestamp();
            await publisher.PublishFeatures([impression with { TimestampMs = now }]);
            await publisher.PublishActions([new UserAction
            {
                RequestId = impression.RequestId, UserId = impression.UserId, ItemId = item, Kind = ActionKind.Click, TimestampMs = now,
            }]);
            var visible = double.PositiveInfinity;
            while (Stopwatch.GetElapsedTime(start) < GiveUpAfter)
            {
                if (!(await sparse.Lookup("items", key)).AsSpan().SequenceEqual(before))
                {
                    visible = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    break;
                }

                await Task.Delay(PollDelay);
            }

            if (s >= 0)
            {
                seconds.Add(visible);
            }
        }

        return seconds.Order().ToArray();
    }

    private static void Report(ServeSettings settings, double perSecond, double[] latencies, int[] sources, double[] freshness, (double Others, double Available)? cpu)
    {
        var p50 = LatencyLoop.Percentile(latencies, 0.50);
        var p99 = LatencyLoop.Percentile(latencies, 0.99);
        var freshP50 = LatencyLoop.Percentile(freshness, 0.50);
        var freshP99 = LatencyLoop.Percentile(freshness, 0.99);
        var report = new System.Text.StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"| figure | value | target |");
        report.AppendLine("|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| recommendations/s ({settings.InFlight} in flight, k = {ServeSettings.K}) | {perSecond:F0} | ≥ 500 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| latency p50 / p99 (ms) | {p50:F2} / {p99:F2} | p99 ≤ 25 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| event to serving p50 / p99 (s, {freshness.Length} samples) | {freshP50:F3} / {freshP99:F3} | p99 ≤ 5 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| personalized / popularity answers | {sources[(int)RecommendationSource.Personalized]} / {sources[(int)RecommendationSource.Popularity]} | |");
        report.AppendLine();
        OtherCpu.AppendTo(report, cpu);
        Console.Write(report);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rec_per_s={perSecond:F0} rec_p50_ms={p50:F2} rec_p99_ms={p99:F2} event_to_serving_p99_s={freshP99:F3}"));
    }
}
