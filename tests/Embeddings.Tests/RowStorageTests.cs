using ParameterServer.Embeddings.Internal;

namespace ParameterServer.Embeddings.Tests;

public sealed class RowStorageTests
{
    [Fact]
    public void Rows_keep_their_values_while_the_index_grows_and_no_two_ids_share_a_row()
    {
        const int dimension = 5;
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = dimension, InitialCapacity = 0 });
        long[] first = [long.MinValue, -1, 0, 1, long.MaxValue];
        table.Upsert(first, ValuesFor(first), new long[first.Length]);

        // 300 000 more IDs grow the index from 16 slots to 512K (15 doublings) and add 19 slabs of 16K rows.
        var ids = new long[300_000];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (i + 2L) * 1_000_003;
        }

        table.Upsert(ids, ValuesFor(ids), new long[ids.Length]);
        table.Remove(ids.AsSpan(0, 1000));
        Assert.Equal(first.Length + ids.Length - 1000, table.Count);

        var all = first.Concat(ids.Skip(1000)).ToArray();
        var actual = new float[all.Length * dimension];
        table.Lookup(all, actual);
        Assert.Equal(ValuesFor(all), actual);
    }

    [Fact]
    public void Freed_rows_are_reused()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 4, InitialCapacity = 100 });
        var ids = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();
        table.PullForTraining(ids, new float[400], nowMs: 1);
        long memory = table.MemoryBytes;
        for (int round = 0; round < 50; round++)
        {
            table.Remove(ids);
            table.PullForTraining(ids, new float[400], nowMs: 1);
        }

        Assert.Equal(memory, table.MemoryBytes);
        Assert.Equal(100, table.Count);
    }

    [Fact]
    public void Index_matches_a_dictionary_under_random_inserts_and_removals()
    {
        // Few distinct keys in a small index: long probe clusters, wrap-around and many backward shifts.
        using var index = new RowIndex(expectedRows: 0);
        var expected = new Dictionary<long, int>();
        var random = new Random(5);
        for (int op = 0; op < 200_000; op++)
        {
            long key = random.Next(3000) - 1500;
            var hash = RowIndex.Hash(key);
            if (random.Next(3) == 0)
            {
                Assert.Equal(expected.Remove(key, out var row) ? row : -1, index.Remove(key, hash));
            }
            else if (!expected.ContainsKey(key))
            {
                expected[key] = op;
                index.Add(key, hash, op);
            }

            Assert.Equal(expected.Count, index.Count);
        }

        for (long key = -1500; key < 1500; key++)
        {
            Assert.Equal(expected.TryGetValue(key, out var row) ? row : -1, index.Find(key, RowIndex.Hash(key)));
        }
    }

    [Fact]
    public void Slabs_are_cache_line_aligned()
    {
        for (int bytes = 64; bytes < 1 << 20; bytes *= 3)
        {
            using var buffer = new AlignedBuffer(bytes, zeroed: true);
            Assert.Equal(0, buffer.DangerousGetHandle() % 64);
        }
    }

    private static float[] ValuesFor(long[] ids)
    {
        var values = new float[ids.Length * 5];
        for (int i = 0; i < ids.Length; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                values[i * 5 + j] = (float)(ids[i] % 1_000_000_007) + j;
            }
        }

        return values;
    }
}
