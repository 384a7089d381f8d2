using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

public sealed class ChangeTrackingTests
{
    private static readonly EmbeddingTableSettings Settings = new()
    {
        Dimension = 3,
        Optimizer = SparseOptimizerSettings.Sgd(1f),
        Initializer = new(EmbeddingInitializerKind.Uniform, 1f, 8),
        TimeToLive = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public void Created_and_updated_rows_are_taken_once_with_their_latest_values()
    {
        using var table = new EmbeddingTable(Settings);
        table.PullForTraining([1L, 2L, 3L], new float[9], nowMs: 10);
        var (tombstones, rows) = TableDump.TakeAll(table, new Random(1));
        Assert.Empty(tombstones);
        Assert.Equal([1L, 2L, 3L], rows.Keys.Order());
        Assert.All(rows.Values, r => Assert.Equal(10, r.UpdatedAtMs));
        Assert.Equal((0, 0), table.TakeChanges(new long[8], new float[24], new long[8], new long[8]));

        table.ApplyGradients([2L, 2L], [1f, 1f, 1f, 1f, 1f, 1f], nowMs: 20);
        table.ApplyGradients([2L], [1f, 1f, 1f], nowMs: 30);
        Assert.Equal(1, table.PendingChangeCount);
        (tombstones, rows) = TableDump.TakeAll(table, new Random(2));
        Assert.Equal([2L], rows.Keys);
        Assert.Equal(30, rows[2].UpdatedAtMs);
        Assert.Equal(TableDump.Of(table).Rows[2].Values, rows[2].Values);
    }

    [Fact]
    public void Removed_row_becomes_a_tombstone_and_leaves_the_pending_rows()
    {
        using var table = new EmbeddingTable(Settings);
        table.PullForTraining([1L, 2L, 3L], new float[9], nowMs: 10);
        Assert.Equal(2, table.Remove([2L, 9L, 3L]));
        Assert.Equal(1, table.PendingChangeCount);
        Assert.Equal(2, table.PendingTombstoneCount);
        var (tombstones, rows) = TableDump.TakeAll(table, new Random(3));
        Assert.Equal([2L, 3L], tombstones);
        Assert.Equal([1L], rows.Keys);
    }

    [Fact]
    public void Recreated_id_follows_its_tombstone_and_rows_wait_for_all_tombstones()
    {
        using var table = new EmbeddingTable(Settings);
        table.PullForTraining([1L, 2L, 3L], new float[9], nowMs: 10);
        table.DiscardChanges();
        table.Remove([1L, 2L, 3L]);
        table.PullForTraining([2L], new float[3], nowMs: 20);

        // Two of three tombstones fit: no rows yet, so a receiver never sees row 2 before its tombstone.
        var ids = new long[4];
        var tombstones = new long[2];
        Assert.Equal((0, 2), table.TakeChanges(ids, new float[12], new long[4], tombstones));
        Assert.Throws<ArgumentException>(() => table.TakeChanges(ids, new float[12], new long[4], []));
        var (rows, taken) = table.TakeChanges(ids, new float[12], new long[4], tombstones);
        Assert.Equal((1, 1), (rows, taken));
        Assert.Equal(2L, ids[0]);
        Assert.Equal(0, table.PendingChangeCount + table.PendingTombstoneCount);
    }

    [Fact]
    public void Expired_rows_are_evicted_as_tombstones()
    {
        using var table = new EmbeddingTable(Settings);
        table.PullForTraining([1L, 2L], new float[6], nowMs: 0);
        table.ApplyGradients([2L], [1f, 1f, 1f], nowMs: 50);

        // Cutoff 140 - 100 = 40: row 1 (updated at 0) goes, row 2 (50) stays; at 150 the cutoff 50 is not after 50.
        Assert.Equal(1, table.EvictExpired(140));
        Assert.Equal(0, table.EvictExpired(150));
        Assert.Equal(1, table.EvictExpired(151));
        Assert.Equal(2, table.EvictedRows);
        Assert.Equal(0, table.Count);
        var (tombstones, rows) = TableDump.TakeAll(table, new Random(4));
        Assert.Equal([1L, 2L], tombstones);
        Assert.Empty(rows);

        using var forever = new EmbeddingTable(Settings with { TimeToLive = null });
        forever.PullForTraining([1L], new float[3], nowMs: 0);
        Assert.Equal(0, forever.EvictExpired(long.MaxValue));
        Assert.Equal(1, forever.Count);
    }

    [Fact]
    public void Upsert_and_import_do_not_mark_rows_changed_and_discard_drops_everything()
    {
        using var table = new EmbeddingTable(Settings);
        table.Upsert([1L], [1f, 2f, 3f], [5L]);
        table.Import([2L], [1f, 2f, 3f], [], [6L]);
        Assert.Equal(0, table.PendingChangeCount);

        table.ApplyGradients([1L], [1f, 1f, 1f], nowMs: 7);
        table.Remove([2L]);
        table.DiscardChanges();
        Assert.Equal((0, 0), table.TakeChanges(new long[4], new float[12], new long[4], new long[4]));

        // After a discard the row's changed flag is clear, so the next update makes it pending again.
        table.ApplyGradients([1L], [1f, 1f, 1f], nowMs: 8);
        Assert.Equal(1, table.PendingChangeCount);
    }

    [Fact]
    public void Clear_removes_rows_changes_and_filter_counts()
    {
        using var table = new EmbeddingTable(Settings with { MinCount = 2 });
        table.PullForTraining([1L, 1L, 2L], new float[9], nowMs: 1);
        table.Remove([1L]);
        table.Clear();
        Assert.Equal(0, table.Count + table.PendingChangeCount + table.PendingTombstoneCount);
        table.PullForTraining([2L], new float[3], nowMs: 2);
        Assert.Equal(0, table.Count);
    }

    public static TheoryData<SparseOptimizerKind> Kinds() => new(Enum.GetValues<SparseOptimizerKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Export_then_import_restores_rows_and_optimizer_state_exactly(SparseOptimizerKind kind)
    {
        var settings = new EmbeddingTableSettings
        {
            Dimension = 9,
            Initializer = new(EmbeddingInitializerKind.Normal, 0.1f, 4),
            Optimizer = kind switch
            {
                SparseOptimizerKind.Sgd => SparseOptimizerSettings.Sgd(0.1f),
                SparseOptimizerKind.Adagrad => SparseOptimizerSettings.Adagrad(0.1f),
                SparseOptimizerKind.Ftrl => SparseOptimizerSettings.Ftrl(0.1f, l1: 0.01f),
                _ => SparseOptimizerSettings.Adam(0.1f),
            },
        };
        using var source = new EmbeddingTable(settings);
        var random = new Random(7);
        var ids = Enumerable.Range(0, 3000).Select(i => (long)random.Next(-5000, 5000)).ToArray();
        source.PullForTraining(ids, new float[ids.Length * 9], nowMs: 1);
        for (int step = 0; step < 5; step++)
        {
            var gradients = Enumerable.Range(0, ids.Length * 9).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            source.ApplyGradients(ids, gradients, nowMs: 2 + step);
        }

        source.Remove(ids.AsSpan(0, 500));
        var exported = TableDump.Of(source, bufferRows: 64);

        using var restored = new EmbeddingTable(settings with { InitialCapacity = 0 });
        foreach (var chunk in exported.Rows.Chunk(100))
        {
            restored.Import(
                chunk.Select(r => r.Key).ToArray(),
                chunk.SelectMany(r => r.Value.Values).ToArray(),
                chunk.SelectMany(r => r.Value.State).ToArray(),
                chunk.Select(r => r.Value.UpdatedAtMs).ToArray());
        }

        TableDump.Of(restored).AssertSameAs(exported);

        // Training continues identically (Adam's per-row step came along in the state).
        var more = ids.Skip(500).ToArray();
        var next = Enumerable.Range(0, more.Length * 9).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        source.ApplyGradients(more, next, nowMs: 10);
        restored.ApplyGradients(more, next, nowMs: 10);
        TableDump.Of(restored).AssertSameAs(TableDump.Of(source));
    }

    [Fact]
    public void Import_without_state_keeps_existing_state_and_initialises_new_rows()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, Optimizer = SparseOptimizerSettings.Adagrad(0.1f, 0.5f) });
        table.PullForTraining([1L], new float[2], nowMs: 1);
        table.ApplyGradients([1L], [1f, 2f], nowMs: 2);
        table.Import([1L, 2L], [7f, 8f, 9f, 10f], [], [3L, 4L]);
        var rows = TableDump.Of(table).Rows;
        Assert.Equal([1.5f, 4.5f], rows[1].State);
        Assert.Equal([7f, 8f], rows[1].Values);
        Assert.Equal([0.5f, 0.5f], rows[2].State);
        Assert.Equal(4, rows[2].UpdatedAtMs);
    }
}
