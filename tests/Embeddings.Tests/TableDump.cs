namespace ParameterServer.Embeddings.Tests;

/// <summary>Everything a table stores, read through <see cref="EmbeddingTable.Export"/>, for exact comparisons.</summary>
internal sealed record TableDump(Dictionary<long, (float[] Values, float[] State, long UpdatedAtMs)> Rows)
{
    /// <summary>Exports with a small buffer so the cursor is exercised across many calls.</summary>
    public static TableDump Of(EmbeddingTable table, int bufferRows = 7)
    {
        var rows = new Dictionary<long, (float[], float[], long)>();
        var ids = new long[bufferRows];
        var values = new float[bufferRows * table.Dimension];
        var state = new float[bufferRows * table.StateWidth];
        var updated = new long[bufferRows];
        int cursor = 0, n;
        while ((n = table.Export(ref cursor, ids, values, state, updated)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.True(rows.TryAdd(ids[i], (
                    values.AsSpan(i * table.Dimension, table.Dimension).ToArray(),
                    state.AsSpan(i * table.StateWidth, table.StateWidth).ToArray(),
                    updated[i])), $"ID {ids[i]} exported twice");
            }
        }

        Assert.Equal(table.Count, rows.Count);
        return new TableDump(rows);
    }

    /// <summary>Asserts both dumps hold the same IDs with bit-identical values, state and timestamps.</summary>
    public void AssertSameAs(TableDump other)
    {
        Assert.Equal(Rows.Keys.Order(), other.Rows.Keys.Order());
        foreach (var (id, row) in Rows)
        {
            var o = other.Rows[id];
            Assert.True(row.Values.SequenceEqual(o.Values), $"values of ID {id} differ");
            Assert.True(row.State.SequenceEqual(o.State), $"state of ID {id} differs");
            Assert.Equal(row.UpdatedAtMs, o.UpdatedAtMs);
        }
    }

    public static (List<long> Tombstones, Dictionary<long, (float[] Values, long UpdatedAtMs)> Rows) TakeAll(
        EmbeddingTable table, Random random)
    {
        var tombstones = new List<long>();
        var rows = new Dictionary<long, (float[], long)>();
        while (table.PendingChangeCount > 0 || table.PendingTombstoneCount > 0)
        {
            int rowBuffer = random.Next(1, 64), tombBuffer = random.Next(1, 16);
            var ids = new long[rowBuffer];
            var values = new float[rowBuffer * table.Dimension];
            var updated = new long[rowBuffer];
            var tombs = new long[tombBuffer];
            int tombsBefore = table.PendingTombstoneCount;
            var (r, t) = table.TakeChanges(ids, values, updated, tombs);
            Assert.True(r == 0 || t == tombsBefore, "rows were returned while tombstones stayed pending");
            tombstones.AddRange(tombs.AsSpan(0, t).ToArray());
            for (int i = 0; i < r; i++)
            {
                Assert.True(rows.TryAdd(ids[i], (values.AsSpan(i * table.Dimension, table.Dimension).ToArray(), updated[i])), $"ID {ids[i]} taken twice");
            }
        }

        tombstones.Sort();
        return (tombstones, rows);
    }
}
