using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

/// <summary>Long seeded random sequences of every operation, checked step by step against <see cref="ReferenceTable"/>.</summary>
public sealed class ReferenceModelTests
{
    public static TheoryData<SparseOptimizerKind, int, int> Cases()
    {
        var data = new TheoryData<SparseOptimizerKind, int, int>();
        foreach (var kind in Enum.GetValues<SparseOptimizerKind>())
        {
            // Dimension 12 runs the vector kernels and their scalar tails (8 + 4 with AVX2); 3 the tail alone.
            data.Add(kind, 1, 12);
            data.Add(kind, 3, 12);
            data.Add(kind, 1, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_reference_model_bit_for_bit(SparseOptimizerKind kind, int minCount, int dimension)
    {
        var settings = new EmbeddingTableSettings
        {
            Dimension = dimension,
            Optimizer = kind switch
            {
                SparseOptimizerKind.Sgd => SparseOptimizerSettings.Sgd(0.1f),
                SparseOptimizerKind.Adagrad => SparseOptimizerSettings.Adagrad(0.1f, 0.05f),
                SparseOptimizerKind.Ftrl => SparseOptimizerSettings.Ftrl(0.1f, 1f, 0.02f, 0.01f),
                _ => SparseOptimizerSettings.Adam(0.01f, 0.9f, 0.99f, 1e-6f),
            },
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.1f, 17),
            MinCount = minCount,

            // Large enough that the count-min sketch is exact for these ~30K IDs (collision odds ~1e-9), like the reference.
            FilterMemoryBytes = 16 << 20,
            TimeToLive = TimeSpan.FromSeconds(20),
            InitialCapacity = 16,
        };
        using var table = new EmbeddingTable(settings);
        var reference = new ReferenceTable(settings);
        var random = new Random(1000 * (int)kind + 10 * minCount + dimension);
        long now = 1_000;
        int largest = 0;

        for (int op = 0; op < 3000; op++)
        {
            now += random.Next(0, 30);
            int choice = random.Next(100);
            if (choice < 35)
            {
                var ids = Batch(random);
                var actual = new float[ids.Length * dimension];
                table.PullForTraining(ids, actual, now);
                Assert.True(reference.Pull(ids, now).SequenceEqual(actual), $"pull differs at op {op}");
            }
            else if (choice < 70)
            {
                var ids = Batch(random);
                var gradients = new float[ids.Length * dimension];
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i] = random.Next(10) == 0 ? 0f : (float)(random.NextDouble() * 2 - 1);
                }

                Assert.Equal(reference.Apply(ids, gradients, now), table.ApplyGradients(ids, gradients, now));
            }
            else if (choice < 80)
            {
                var ids = Batch(random);
                var actual = new float[ids.Length * dimension];
                table.Lookup(ids, actual);
                Assert.True(reference.Lookup(ids).SequenceEqual(actual), $"lookup differs at op {op}");
            }
            else if (choice < 86)
            {
                var ids = Batch(random).Take(random.Next(1, 20)).ToArray();
                Assert.Equal(reference.Remove(ids.Distinct()), table.Remove(ids));
            }
            else if (choice < 89)
            {
                now += random.Next(0, 3_000);
                Assert.Equal(reference.Evict(now), table.EvictExpired(now));
            }
            else if (choice < 95)
            {
                var (tombstones, rows) = TableDump.TakeAll(table, random);
                var expected = reference.Take();
                Assert.Equal(expected.Tombstones, tombstones);
                Assert.Equal(expected.Changed.Order(), rows.Keys.Order());
                foreach (var (id, row) in rows)
                {
                    Assert.True(reference.Rows[id].Values.SequenceEqual(row.Values), $"taken values of ID {id} differ at op {op}");
                    Assert.Equal(reference.Rows[id].UpdatedAtMs, row.UpdatedAtMs);
                }
            }

            Assert.Equal(reference.Count, table.Count);
            largest = Math.Max(largest, table.Count);
            if (op % 250 == 0)
            {
                AssertSameRows(reference, table);
            }
        }

        AssertSameRows(reference, table);

        // From 16 reserved rows (32 index slots), over 5000 rows needs 16384 slots: the index doubled at least 9 times.
        Assert.True(largest > 5_000, $"only {largest} rows were stored at once");
        Assert.True(table.EvictedRows > 0, "no row expired, so eviction went untested");
    }

    private static void AssertSameRows(ReferenceTable reference, EmbeddingTable table)
    {
        var dump = TableDump.Of(table, bufferRows: 97);
        var expected = new TableDump(reference.Rows.ToDictionary(r => r.Key, r => (r.Value.Values, r.Value.State, r.Value.UpdatedAtMs)));
        expected.AssertSameAs(dump);
    }

    /// <summary>Skewed IDs with many duplicates, a wide tail that makes the table grow, and extreme values.</summary>
    private static long[] Batch(Random random)
    {
        var ids = new long[random.Next(1, 400)];
        for (int i = 0; i < ids.Length; i++)
        {
            int pick = random.Next(100);
            ids[i] = pick switch
            {
                < 40 => random.Next(50),
                < 95 => random.Next(40_000),
                < 97 => long.MinValue + random.Next(3),
                _ => long.MaxValue - random.Next(3),
            };
        }

        return ids;
    }
}
