namespace ParameterServer.Embeddings.Tests;

public sealed class InitializerTests
{
    [Fact]
    public void Same_id_gives_same_row_on_every_table_and_different_ids_differ()
    {
        var settings = new EmbeddingTableSettings { Dimension = 16, Initializer = new(EmbeddingInitializerKind.Normal, 0.1f, 99) };
        using var first = new EmbeddingTable(settings);
        using var second = new EmbeddingTable(settings with { InitialCapacity = 5 });
        long[] ids = [0, 1, -1, long.MaxValue, long.MinValue, 123456789];
        var a = new float[ids.Length * 16];
        var b = new float[ids.Length * 16];
        first.PullForTraining(ids, a, nowMs: 1);
        second.Lookup(ids, b);
        Assert.Equal(a, b);
        for (int i = 0; i < ids.Length; i++)
        {
            for (int k = i + 1; k < ids.Length; k++)
            {
                Assert.False(a.AsSpan(i * 16, 16).SequenceEqual(a.AsSpan(k * 16, 16)), $"IDs {ids[i]} and {ids[k]} got the same row");
            }
        }
    }

    [Fact]
    public void Values_are_stable_across_releases()
    {
        // Rows restored from snapshots and replicas on other silos rely on these exact values; changing the generator
        // silently changes every not-yet-stored row.
        var uniform = new float[4];
        new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.5f, 11).Fill(123456789, uniform);
        Assert.Equal([0.1846382f, -0.44267005f, -0.45396936f, 0.35122567f], uniform);
        var normal = new float[3];
        new EmbeddingInitializer(EmbeddingInitializerKind.Normal, 2f, 11).Fill(-5, normal);
        Assert.Equal([0.7294632f, 2.2132185f, 1.5607117f], normal);
    }

    [Fact]
    public void Seed_changes_the_values()
    {
        var a = new float[8];
        var b = new float[8];
        new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 1f, 1).Fill(5, a);
        new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 1f, 2).Fill(5, b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Uniform_stays_within_scale_and_covers_it()
    {
        const float scale = 0.3f;
        var values = Many(new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, scale, 5));
        Assert.All(values, v => Assert.InRange(v, -scale, scale));
        Assert.True(values.Min() < -0.99 * scale && values.Max() > 0.99 * scale);
        Assert.Equal(0, values.Average(), 0.005);

        // Uniform on [-s, s] has standard deviation s / sqrt(3).
        Assert.Equal(scale / Math.Sqrt(3), StdDev(values), 0.005);
    }

    [Fact]
    public void Normal_has_mean_zero_and_standard_deviation_scale()
    {
        const float scale = 0.7f;
        var values = Many(new EmbeddingInitializer(EmbeddingInitializerKind.Normal, scale, 5));

        // 200 000 samples: the standard error of the mean is 0.7/447 = 0.0016, of the std about 0.0011.
        Assert.Equal(0, values.Average(), 0.01);
        Assert.Equal(scale, StdDev(values), 0.01);
    }

    [Fact]
    public void Zeros_clears_the_row()
    {
        var row = new float[] { 1f, 2f, 3f };
        EmbeddingInitializer.Zeros.Fill(8, row);
        Assert.Equal([0f, 0f, 0f], row);
    }

    /// <summary>Odd dimension so the last Box-Muller pair is used by half.</summary>
    private static float[] Many(EmbeddingInitializer initializer)
    {
        const int dimension = 25;
        var values = new float[8000 * dimension];
        for (int id = 0; id < 8000; id++)
        {
            initializer.Fill(id, values.AsSpan(id * dimension, dimension));
        }

        return values;
    }

    private static double StdDev(float[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
