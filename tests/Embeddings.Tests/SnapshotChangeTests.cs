using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

/// <summary>The snapshot channel: rows changed since the last cut, with state, independent of the sync channel.</summary>
public sealed class SnapshotChangeTests
{
    private static readonly EmbeddingTableSettings Settings = new()
    {
        Dimension = 4,
        Optimizer = SparseOptimizerSettings.Adagrad(0.1f),
        Initializer = new(EmbeddingInitializerKind.Normal, 0.5f, 3),
    };

    [Fact]
    public void A_full_copy_at_the_cut_plus_the_changes_since_rebuilds_the_table_bit_for_bit()
    {
        using var table = new EmbeddingTable(Settings);
        var random = new Random(5);
        table.PullForTraining(Enumerable.Range(1, 300).Select(i => (long)i).ToArray(), new float[1200], nowMs: 1);
        table.ApplyGradients(Enumerable.Range(1, 300).Select(i => (long)i).ToArray(), Gradients(random, 300), nowMs: 2);

        // The cut: a full snapshot copies every row, and tracking restarts.
        var atCut = TableDump.Of(table);
        table.DiscardSnapshotChanges();
        Assert.Equal((0, 0), (table.SnapshotChangeCount, table.SnapshotTombstoneCount));

        table.ApplyGradients([5L, 6L, 7L, 5L], Gradients(random, 4), nowMs: 3);
        table.Remove([6L, 250L]);
        table.PullForTraining([1_000L, 6L], new float[8], nowMs: 4);
        Assert.Equal(4, table.SnapshotChangeCount); // 5, 7, and the new 1000 and recreated 6; 6 left the list when removed
        Assert.Equal(2, table.SnapshotTombstoneCount);

        using var rebuilt = new EmbeddingTable(Settings);
        Import(rebuilt, atCut);
        while (table.SnapshotChangeCount > 0 || table.SnapshotTombstoneCount > 0)
        {
            var ids = new long[2];
            var values = new float[2 * table.Dimension];
            var state = new float[2 * table.StateWidth];
            var updated = new long[2];
            var tombstones = new long[1];
            var (rows, removed) = table.TakeSnapshotChanges(ids, values, state, updated, tombstones);
            rebuilt.Remove(tombstones.AsSpan(0, removed));
            rebuilt.Import(ids.AsSpan(0, rows), values.AsSpan(0, rows * table.Dimension), state.AsSpan(0, rows * table.StateWidth), updated.AsSpan(0, rows));
        }

        TableDump.Of(table).AssertSameAs(TableDump.Of(rebuilt));
    }

    [Fact]
    public void Snapshot_and_sync_channels_are_taken_independently()
    {
        using var table = new EmbeddingTable(Settings);
        table.PullForTraining([1L, 2L, 3L], new float[12], nowMs: 1);
        TableDump.TakeAll(table, new Random(1));
        Assert.Equal(3, table.SnapshotChangeCount);

        table.DiscardSnapshotChanges();
        table.ApplyGradients([2L], Gradients(new Random(2), 1), nowMs: 2);
        Assert.Equal((1, 1), (table.PendingChangeCount, table.SnapshotChangeCount));
        table.DiscardChanges();
        Assert.Equal((0, 1), (table.PendingChangeCount, table.SnapshotChangeCount));
    }

    [Fact]
    public void A_values_only_table_tracks_no_snapshot_changes()
    {
        using var table = new EmbeddingTable(Settings with { ValuesOnly = true });
        table.Upsert([1L], new float[4], [1L]);
        table.Remove([1L]);
        Assert.Equal((0, 0), (table.SnapshotChangeCount, table.SnapshotTombstoneCount));
        Assert.Throws<InvalidOperationException>(() => table.TakeSnapshotChanges(new long[1], new float[4], new float[4], new long[1], new long[1]));
    }

    private static float[] Gradients(Random random, int rows) =>
        Enumerable.Range(0, rows * Settings.Dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

    private static void Import(EmbeddingTable table, TableDump dump)
    {
        foreach (var (id, row) in dump.Rows)
        {
            table.Import([id], row.Values, row.State, [row.UpdatedAtMs]);
        }
    }
}
