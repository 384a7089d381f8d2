using System.Numerics;
using ParameterServer.Embeddings;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// Rows computed from their ID alone (values, Adagrad accumulators, update time), so a restored table can be checked
/// row by row without keeping the original in memory. IDs are scattered 64-bit values, as real feature IDs are.
/// </summary>
internal static class SyntheticRows
{
    private const long BaseMs = 1_750_000_000_000;

    /// <summary>Fills <paramref name="table"/> with rows 0..<paramref name="rows"/>-1 through Import, in large blocks.</summary>
    public static void Populate(EmbeddingTable table, int rows)
    {
        var block = Math.Min(rows, SnapshotSettings.ImportBlockRows);
        var ids = new long[block];
        var updatedAt = new long[block];
        var values = new float[block * table.Dimension];
        var state = new float[block * table.StateWidth];
        for (var first = 0; first < rows; first += block)
        {
            var count = Math.Min(block, rows - first);
            for (var i = 0; i < count; i++)
            {
                ids[i] = Id(first + i);
                Fill(ids[i], values.AsSpan(i * table.Dimension, table.Dimension), state.AsSpan(i * table.StateWidth, table.StateWidth), out updatedAt[i]);
            }

            table.Import(ids.AsSpan(0, count), values.AsSpan(0, count * table.Dimension), state.AsSpan(0, count * table.StateWidth), updatedAt.AsSpan(0, count));
        }
    }

    /// <summary>Throws unless <paramref name="table"/> holds exactly the <paramref name="rows"/> generated rows, with
    /// their values, optimizer state and update times.</summary>
    public static void Verify(EmbeddingTable table, int rows)
    {
        if (table.Count != rows)
        {
            throw new InvalidOperationException($"The restored table has {table.Count:N0} rows; {rows:N0} were written.");
        }

        const int block = 1 << 14;
        var ids = new long[block];
        var updatedAt = new long[block];
        var values = new float[block * table.Dimension];
        var state = new float[block * table.StateWidth];
        var expectedValues = new float[table.Dimension];
        var expectedState = new float[table.StateWidth];
        var cursor = 0;
        long seen = 0;
        int count;
        while ((count = table.Export(ref cursor, ids, values, state, updatedAt)) > 0)
        {
            for (var i = 0; i < count; i++)
            {
                Fill(ids[i], expectedValues, expectedState, out var expectedUpdatedAt);
                if (updatedAt[i] != expectedUpdatedAt
                    || !values.AsSpan(i * table.Dimension, table.Dimension).SequenceEqual(expectedValues)
                    || !state.AsSpan(i * table.StateWidth, table.StateWidth).SequenceEqual(expectedState))
                {
                    throw new InvalidOperationException($"The restored row of ID {ids[i]} differs from the row written.");
                }
            }

            seen += count;
        }

        if (seen != rows)
        {
            throw new InvalidOperationException($"The restored table exported {seen:N0} rows; {rows:N0} were written.");
        }
    }

    /// <summary>splitmix64: a bijection, so distinct row numbers give distinct IDs.</summary>
    private static long Id(long row)
    {
        var z = (ulong)row + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }

    /// <summary>Values in [-0.1, 0.1], accumulators in [0.1, 0.75]: cheap to compute, different in every row.</summary>
    private static void Fill(long id, Span<float> values, Span<float> state, out long updatedAtMs)
    {
        var seed = (uint)id ^ (uint)(id >> 32);
        for (var j = 0; j < values.Length; j++)
        {
            var x = BitOperations.RotateLeft(seed + (uint)j * 0x9E3779B9u, j);
            values[j] = (int)x * (0.1f / int.MaxValue);
        }

        for (var j = 0; j < state.Length; j++)
        {
            var x = seed * (uint)(2 * j + 1);
            state[j] = 0.1f + ((x >> 16) & 0xFFFF) * 1e-5f;
        }

        updatedAtMs = BaseMs + (id & 0xFFF_FFFF);
    }
}
