using System.Diagnostics;
using ParameterServer.Bench.Common;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Bench.Sparse;

/// <summary>The table core alone, on one thread: the ceiling for what one shard can serve.</summary>
internal static class InProcessBench
{
    public static InProcessResult Run(ZipfBatches batches, float[] gradients, SparseSettings settings)
    {
        const int dim = SparseSettings.Dimension;
        using var table = new EmbeddingTable(new EmbeddingTableSettings
        {
            Dimension = dim,
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.01f, 7),
            Optimizer = SparseOptimizerSettings.Adagrad(SparseSettings.LearningRate),
            InitialCapacity = batches.Distinct.Length,
        });
        var destination = new float[SparseSettings.BatchSize * dim];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var b = 0; b < batches.Count; b++)
        {
            table.PullForTraining(batches.Ids[b], destination.AsSpan(0, batches.Ids[b].Length * dim), now);
        }

        var lookup = Measure(batches, settings.InProcessTime, raw: false,
            b => table.Lookup(batches.Unique[b], destination.AsSpan(0, batches.Unique[b].Length * dim)));
        var adagrad = Measure(batches, settings.InProcessTime, raw: false,
            b => table.ApplyGradients(batches.Unique[b], gradients.AsSpan(0, batches.Unique[b].Length * dim), now));
        var lookupRaw = Measure(batches, settings.InProcessTime, raw: true,
            b => table.Lookup(batches.Ids[b], destination));
        var adagradRaw = Measure(batches, settings.InProcessTime, raw: true,
            b => table.ApplyGradients(batches.Ids[b], gradients, now));
        return new InProcessResult(lookup, adagrad, lookupRaw, adagradRaw, table.Count, table.MemoryBytes);
    }

    /// <summary>One unmeasured pass over every batch, then whole passes until <paramref name="time"/> has gone by.</summary>
    private static Rate Measure(ZipfBatches batches, TimeSpan time, bool raw, Action<int> operation)
    {
        for (var b = 0; b < batches.Count; b++)
        {
            operation(b);
        }

        var gen0 = GC.CollectionCount(0);
        var start = Stopwatch.GetTimestamp();
        long calls = 0;
        do
        {
            for (var b = 0; b < batches.Count; b++)
            {
                operation(b);
            }

            calls += batches.Count;
        }
        while (Stopwatch.GetElapsedTime(start) < time);

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var passes = calls / batches.Count;
        return new Rate(
            passes * batches.TotalUnique,
            passes * (raw ? batches.TotalIds : batches.TotalUnique),
            calls,
            seconds,
            GC.CollectionCount(0) - gen0);
    }
}
