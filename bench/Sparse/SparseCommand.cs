using System.Diagnostics;
using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Sparse;

/// <summary>`sparse`: in-process table, client SDK against a silo process, and Redis, on the same Zipf batches.</summary>
internal static class SparseCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns the exit code: 0 done, 1 a prerequisite is missing, 2 bad options.</summary>
    public static async Task<int> Run(string[] options)
    {
        var settings = SparseSettings.Full;
        foreach (var option in options)
        {
            if (option == "--quick")
            {
                settings = SparseSettings.Quick with { SiloGen0Size = settings.SiloGen0Size };
            }
            else if (option.StartsWith("--silo-gen0size=", StringComparison.Ordinal))
            {
                var value = option["--silo-gen0size=".Length..];
                settings = settings with { SiloGen0Size = value == "default" ? null : value };
            }
            else
            {
                Console.Error.WriteLine($"sparse: unknown option '{option}'. Options: --quick, --silo-gen0size=<hex bytes>|default.");
                return 2;
            }
        }

        if (!RedisServer.IsInstalled)
        {
            Console.Error.WriteLine($"sparse: the Redis baseline needs {RedisServer.Executable}; install it with `apt-get install redis-server`.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var cpu = new CpuGauge();
        var batches = new ZipfBatches(settings.BatchCount, SparseSettings.BatchSize, SparseSettings.IdSpace, SparseSettings.ZipfExponent, seed: 1);
        var gradients = RandomGradients();
        Progress.Report($"{batches.Count} batches, {batches.MeanUniquePerBatch:F0} distinct IDs per batch, {batches.Distinct.Length:N0} distinct in all ({clock.Elapsed.TotalSeconds:F1} s)");

        var inProcess = InProcessBench.Run(batches, gradients, settings);
        Progress.Report($"in-process: lookup {inProcess.Lookup.RowsPerSecond / 1e6:F2}M rows/s, adagrad {inProcess.Adagrad.RowsPerSecond / 1e6:F2}M rows/s ({clock.Elapsed.TotalSeconds:F1} s)");

        Sweep sdk;
        double[] freshness;
        await using (var silo = await SiloProcess.Start(settings.SiloGen0Size, StartTimeout))
        {
            Progress.Report($"silo pid {silo.ProcessId} up ({clock.Elapsed.TotalSeconds:F1} s)");
            var client = new ParameterServerClient(silo.Client);
            sdk = await SdkBench.Run(client, batches, gradients, settings);
            freshness = await FreshnessBench.Run(client, SdkBench.TableName(sdk.BestShards), settings.FreshnessSamples);
            Progress.Report($"freshness: {freshness.Length} samples ({clock.Elapsed.TotalSeconds:F1} s)");
            cpu.AddChild(silo.CpuTime);
        }

        Sweep redis;
        await using (var server = await RedisServer.Start(StartTimeout))
        {
            redis = await RedisBench.Run(server.Database, batches, gradients, settings);
            cpu.AddChild(server.CpuTime);
        }

        Progress.Report($"done in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(SparseReport.Format(new SparseResult(settings, batches.MeanUniquePerBatch, batches.Distinct.Length, inProcess, sdk, redis, freshness, cpu.Read())));
        return 0;
    }

    /// <summary>One caller batch of small gradients, reused for every push (values do not change the cost).</summary>
    private static float[] RandomGradients()
    {
        var random = new Random(3);
        var gradients = new float[SparseSettings.BatchSize * SparseSettings.Dimension];
        for (var i = 0; i < gradients.Length; i++)
        {
            gradients[i] = (random.NextSingle() - 0.5f) * 0.02f;
        }

        return gradients;
    }
}
