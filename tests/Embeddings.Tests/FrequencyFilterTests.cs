using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

public sealed class FrequencyFilterTests
{
    private static readonly EmbeddingInitializer Init = new(EmbeddingInitializerKind.Uniform, 0.5f, 3);

    [Fact]
    public void Id_below_min_count_is_never_stored()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 4, MinCount = 3, Initializer = Init });
        var initial = new float[4];
        Init.Fill(7, initial);
        var pulled = new float[4];

        for (int pull = 1; pull <= 2; pull++)
        {
            table.PullForTraining([7L], pulled, nowMs: pull);
            Assert.Equal(initial, pulled);
            Assert.Equal(0, table.Count);
            Assert.Equal(0, table.PendingChangeCount);
            Assert.Equal(new PushOutcome(0, 1), table.ApplyGradients([7L], [1f, 1f, 1f, 1f], nowMs: pull));
            Assert.Equal(pull, table.FilteredPushRows);
        }

        var looked = new float[4];
        table.Lookup([7L], looked);
        Assert.Equal(initial, looked);

        // Lookups do not count: the third pull is the one that admits.
        table.PullForTraining([7L], pulled, nowMs: 3);
        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.PendingChangeCount);
        Assert.Equal(initial, pulled);
        Assert.Equal(3, TableDump.Of(table).Rows[7].UpdatedAtMs);
        Assert.Equal(new PushOutcome(1, 0), table.ApplyGradients([7L], [1f, 1f, 1f, 1f], nowMs: 4));
    }

    [Fact]
    public void Each_occurrence_in_a_batch_counts()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, MinCount = 3, Initializer = Init });
        var pulled = new float[8];
        table.PullForTraining([5L, 5L, 6L, 5L], pulled, nowMs: 1);
        Assert.Equal(1, table.Count);
        Assert.Contains(5L, TableDump.Of(table).Rows.Keys);
        Assert.Equal(pulled.AsSpan(0, 2).ToArray(), pulled.AsSpan(6, 2).ToArray());
    }

    [Fact]
    public void Min_count_one_creates_on_first_pull_and_push_never_creates()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, Optimizer = SparseOptimizerSettings.Sgd(1f) });
        Assert.Equal(new PushOutcome(0, 2), table.ApplyGradients([1L, 1L], [1f, 1f, 1f, 1f], nowMs: 1));
        Assert.Equal(0, table.Count);
        table.PullForTraining([1L], new float[2], nowMs: 2);
        Assert.Equal(1, table.Count);
        Assert.Equal(new PushOutcome(1, 1), table.ApplyGradients([1L, 2L, 1L], [1f, 1f, 9f, 9f, 1f, 1f], nowMs: 3));
        Assert.Equal([-2f, -2f], TableDump.Of(table).Rows[1].Values);
        Assert.Equal(3, table.FilteredPushRows);
    }

    [Fact]
    public void Filter_memory_is_bounded_whatever_the_number_of_ids()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings
        {
            Dimension = 4,
            MinCount = 2,
            FilterMemoryBytes = 16 << 20,

            // Reserves room for the few IDs the sketch may admit early (count-min overestimates), so any growth
            // of MemoryBytes would have to come from the filter.
            InitialCapacity = 200_000,
        });
        long before = table.MemoryBytes;
        var ids = new long[4096];
        var destination = new float[ids.Length * 4];
        for (long start = 0; start < 2_000_000; start += ids.Length)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = (start + i) * 7919;
            }

            table.PullForTraining(ids, destination, nowMs: 1);
        }

        Assert.Equal(before, table.MemoryBytes);
        Assert.True(table.Count < 100_000, $"{table.Count} of 2M IDs seen once were admitted");
    }
}
