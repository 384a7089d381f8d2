using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Hosting;
using ParameterServer.Trainer.Data;

namespace ParameterServer.Trainer.Demo;

/// <summary>
/// The main job on the embedded default: one silo in this process (pool "all"), a table of item embeddings trained
/// from Zipf-skewed synthetic batches through the client SDK, then the serving copy checked against training.
/// The objective is a known target row per item, so the falling loss shows the pull → push → optimizer loop works.
/// </summary>
internal static class SparseDemo
{
    private const int Items = 1_000_000;
    private const int Dimension = 16;
    private const int BatchSize = 4096;
    private const int Steps = 300;

    public static async Task<int> Run(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Ports apart from a standalone silo's defaults, so the demo runs beside one; the command line still wins.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Cluster:ClusterId"] = "ps-demo",
                ["Cluster:SiloPort"] = "11311",
                ["Cluster:GatewayPort"] = "30311",
            },
        });
        // Orleans's start-up advice (server GC, watchdog) is noise for a one-process demo; real problems are errors.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleans(silo => silo.UseParameterServerCluster(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync();

        var client = new ParameterServerClient(host.Services.GetRequiredService<IClusterClient>());
        var table = await client.CreateTable(new TableConfig
        {
            Name = "items",
            Shards = 8,
            Embedding = new EmbeddingTableSettings
            {
                Dimension = Dimension,
                Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.05f, Seed: 1),
                Optimizer = SparseOptimizerSettings.Adagrad(0.5f),
                MinCount = 2,
            },
        });
        Console.WriteLine($"Embedded silo up; table '{table.Name}': {table.Shards} shards, dimension {table.Dimension}, Adagrad, IDs admitted after {table.Embedding.MinCount} sightings.");

        var target = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 1f, Seed: 99);
        var sampler = new ZipfSampler(Items, 1.05);
        var random = new Random(7);
        var ids = new long[BatchSize];
        var rows = new float[BatchSize * Dimension];
        var gradients = new float[BatchSize * Dimension];
        var wanted = new float[Dimension];
        var clock = Stopwatch.StartNew();
        long filtered = 0;
        for (var step = 1; step <= Steps; step++)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                ids[i] = sampler.Next(random);
            }

            await client.PullForTraining(table.Name, ids, rows);
            var loss = 0.0;
            for (var i = 0; i < BatchSize; i++)
            {
                target.Fill(ids[i], wanted);
                for (var j = 0; j < Dimension; j++)
                {
                    var error = rows[i * Dimension + j] - wanted[j];
                    gradients[i * Dimension + j] = error / BatchSize;
                    loss += 0.5 * error * error;
                }
            }

            filtered += (await client.PushGradients(table.Name, ids, gradients)).FilteredRows;
            if (step == 1 || step % 50 == 0)
            {
                Console.WriteLine($"step {step,4}: loss {loss / BatchSize,8:0.0000}   {step * (double)BatchSize / clock.Elapsed.TotalSeconds,10:N0} examples/s   pushes dropped by the admission filter so far: {filtered:N0}");
            }
        }

        // Serving follows training through the eager sync; wait for it with a deadline.
        var popular = Enumerable.Range(0, 10).Select(i => (long)i).ToArray();
        var trained = await client.PullForTraining(table.Name, popular);
        var synced = Stopwatch.StartNew();
        while (!(await client.Lookup(table.Name, popular)).AsSpan().SequenceEqual(trained))
        {
            if (synced.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.Error.WriteLine("Serving did not match training within 30 s.");
                return 1;
            }

            await Task.Delay(10);
        }

        Console.WriteLine($"Serving copy matched training {synced.Elapsed.TotalMilliseconds:N0} ms after the last push.");
        Console.WriteLine("Most popular items, distance of the serving row to its target:");
        for (var i = 0; i < popular.Length; i++)
        {
            target.Fill(popular[i], wanted);
            var distance = Math.Sqrt(wanted.Select((w, j) => Math.Pow(trained[i * Dimension + j] - w, 2)).Sum());
            Console.WriteLine($"  item {popular[i],2}: {distance:0.0000}");
        }

        await host.StopAsync();
        return 0;
    }
}
