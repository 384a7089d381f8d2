using ParameterServer.Bench.Common;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Bench.Sparse;

/// <summary>The client SDK against the silo process: PullForTraining and PushGradients of whole caller batches.</summary>
internal static class SdkBench
{
    public static string TableName(int shards) => $"bench-{shards}";

    public static async Task<Sweep> Run(ParameterServerClient client, ZipfBatches batches, float[] gradients, SparseSettings settings)
    {
        const int dim = SparseSettings.Dimension;
        var destinations = Enumerable.Range(0, settings.InFlight.Max()).Select(_ => new float[SparseSettings.BatchSize * dim]).ToArray();
        var points = new List<SweepPoint>();
        foreach (var shards in settings.ShardCounts)
        {
            var table = TableName(shards);
            await client.CreateTable(new TableConfig
            {
                Name = table,
                Shards = shards,
                Embedding = new EmbeddingTableSettings
                {
                    Dimension = dim,
                    Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.01f, 7),
                    Optimizer = SparseOptimizerSettings.Adagrad(SparseSettings.LearningRate),
                },
            });

            // Creates every row the batches use, activates every shard and lets both processes' JIT reach its
            // optimised code for pull and push, so the windows measure steady state.
            for (var b = 0; b < batches.Count; b++)
            {
                await client.PullForTraining(table, batches.Ids[b], destinations[0]);
                await client.PushGradients(table, batches.Ids[b], gradients);
            }

            var pulls = new Dictionary<int, Rate>();
            foreach (var inFlight in settings.InFlight)
            {
                pulls[inFlight] = await new ClosedLoop(batches, inFlight, (caller, b) => client.PullForTraining(table, batches.Ids[b], destinations[caller]))
                    .Run(settings.WarmUp, settings.Measure);
                Progress.Report($"sdk pull  shards={shards} in_flight={inFlight}: {pulls[inFlight].RowsPerSecond / 1e6:F2}M rows/s, {pulls[inFlight].Gen0PerSecond:F0} harness gen0/s");
            }

            foreach (var inFlight in settings.InFlight)
            {
                var push = await new ClosedLoop(batches, inFlight, (_, b) => client.PushGradients(table, batches.Ids[b], gradients))
                    .Run(settings.WarmUp, settings.Measure);
                Progress.Report($"sdk push  shards={shards} in_flight={inFlight}: {push.RowsPerSecond / 1e6:F2}M rows/s, {push.Gen0PerSecond:F0} harness gen0/s");
                points.Add(new SweepPoint(shards, inFlight, pulls[inFlight], push));
            }
        }

        return new Sweep(points);
    }
}
