using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

public sealed class TopKTests
{
    [Fact]
    public void Top_k_equals_a_brute_force_ranking_with_ties_broken_by_id()
    {
        var settings = new EmbeddingTableSettings { Dimension = 4, Optimizer = SparseOptimizerSettings.Sgd(1f) };
        using var table = new EmbeddingTable(settings);
        var random = new Random(3);
        var rows = new Dictionary<long, float[]>();
        for (long id = 0; id < 2_000; id++)
        {
            // A quarter of the rows repeat one of four vectors, so many scores tie exactly.
            var values = id % 4 == 0
                ? [id % 16 / 4f, 1f, 0f, -1f]
                : Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            rows[id * 7 - 3_000] = values;
            table.Upsert([id * 7 - 3_000], values, [0L]);
        }

        float[] query = [0.5f, 0.25f, -0.75f, 0.1f];
        var exclude = rows.Keys.Where(id => id % 5 == 0).Take(40).ToHashSet();
        var ids = new long[50];
        var scores = new float[50];
        Assert.Equal(50, table.TopK(query, 50, exclude, ids, scores));

        var expected = rows
            .Where(r => !exclude.Contains(r.Key))
            .Select(r => (Score: System.Numerics.Tensors.TensorPrimitives.Dot<float>(r.Value, query), Id: r.Key))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Id)
            .Take(50)
            .ToArray();
        Assert.Equal(expected.Select(e => e.Id), ids);
        Assert.Equal(expected.Select(e => e.Score), scores);
        Assert.True(expected.Select(e => e.Score).Distinct().Count() < 50, "the test data should contain ties among the top 50");
    }

    [Fact]
    public void A_small_table_returns_what_it_has()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, Optimizer = SparseOptimizerSettings.Sgd(1f) });
        table.Upsert([5L, 6L], [1f, 0f, 0f, 1f], [0L, 0L]);
        var ids = new long[10];
        var scores = new float[10];
        Assert.Equal(2, table.TopK([0f, 2f], 10, new HashSet<long>(), ids, scores));
        Assert.Equal([6L, 5L], ids[..2]);
        Assert.Throws<ArgumentException>(() => table.TopK([0f, 2f, 1f], 10, new HashSet<long>(), ids, scores));
    }
}
