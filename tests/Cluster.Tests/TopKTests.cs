using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TopKTests(TrainingServingClusterFixture fixture)
{
    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task TopKOverTheShardedServingCopyEqualsABruteForceScan()
    {
        var config = await Pooled.Client.CreateTable(new TableConfig
        {
            Name = "top-k",
            Shards = 5,
            Embedding = new EmbeddingTableSettings { Dimension = 8, Optimizer = SparseOptimizerSettings.Sgd(1f) },
        });

        // Zero rows moved by SGD (lr 1) to minus their gradient. Every third item gets one of four multiples of the
        // query, so the best scores tie in large groups spread over every shard; the others get random rows.
        var query = RandomRows.Gradients(1, config.Dimension, seed: 999);
        var ids = Enumerable.Range(0, 6_000).Select(i => (long)i * 11 - 500).ToArray();
        await Pooled.Client.PullForTraining(config.Name, ids);
        var gradients = new float[ids.Length * config.Dimension];
        for (var i = 0; i < ids.Length; i++)
        {
            var pattern = i % 3 == 0 ? query.Select(q => -q * (1 + i % 4)).ToArray() : RandomRows.Gradients(1, config.Dimension, seed: 100 + i);
            pattern.CopyTo(gradients, i * config.Dimension);
        }

        await Pooled.Client.PushGradients(config.Name, ids, gradients);
        var trained = await Pooled.Client.PullForTraining(config.Name, ids);
        await Eventually.Holds("serving to hold the trained rows", TimeSpan.FromSeconds(10),
            async () => (await Pooled.Client.Lookup(config.Name, ids)).AsSpan().SequenceEqual(trained));

        var exclude = ids.Where((_, i) => i % 17 == 0).ToArray();
        var topK = await Pooled.Client.TopK(config.Name, query, 100, exclude);

        var excluded = exclude.ToHashSet();
        var expected = ids
            .Select((id, i) => (Id: id, Score: System.Numerics.Tensors.TensorPrimitives.Dot<float>(trained.AsSpan(i * config.Dimension, config.Dimension), query)))
            .Where(e => !excluded.Contains(e.Id))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Id)
            .Take(100)
            .Select(e => new ScoredId(e.Id, e.Score))
            .ToArray();
        Assert.Equal(expected, topK);
        Assert.True(expected.Select(e => e.Score).Distinct().Count() < expected.Length, "the top 100 should include ties");
    }

    [Fact]
    public async Task BadTopKQueriesAreRefused()
    {
        var config = await Pooled.Client.CreateTable(Tables.Sgd("top-k-bad", dimension: 4));
        float[] query = [1, 0, 0, 0];
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.TopK(config.Name, query, 0));
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.TopK(config.Name, query, ParameterServerClient.MaxTopK + 1));
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.TopK(config.Name, new float[] { 1, 0, 0 }, 10));
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.TopK(config.Name, new float[] { 1, float.NaN, 0, 0 }, 10));
        await Assert.ThrowsAsync<UnknownTableException>(() => Pooled.Client.TopK("no-such-table", query, 10));

        // At the shard, for callers that skip the SDK.
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Grains.GetGrain<IServingShardGrain>(0, config.Name)
            .TopK(new TopKQuery(config.Generation, BulkBytes.From(query), 0, [])));
    }
}
