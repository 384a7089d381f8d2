using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_gradient_throws_and_changes_nothing(float bad)
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 20, Optimizer = SparseOptimizerSettings.Adam(0.1f) });
        long[] ids = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        table.PullForTraining(ids, new float[ids.Length * 20], nowMs: 1);
        table.TakeChanges(new long[4], new float[80], new long[4], new long[1]);
        table.ApplyGradients(ids, Enumerable.Repeat(0.5f, ids.Length * 20).ToArray(), nowMs: 2);
        var before = TableDump.Of(table);
        int pending = table.PendingChangeCount;

        // The bad value sits in the last row, past rows that are already valid, and in a vector tail position.
        var gradients = Enumerable.Repeat(0.25f, ids.Length * 20).ToArray();
        gradients[8 * 20 + 17] = bad;
        var error = Assert.Throws<ArgumentException>(() => table.ApplyGradients(ids, gradients, nowMs: 3));
        Assert.Equal("gradients", error.ParamName);
        Assert.Contains("gradients[177]", error.Message);
        Assert.Contains("ID 9", error.Message);

        TableDump.Of(table).AssertSameAs(before);
        Assert.Equal(pending, table.PendingChangeCount);
        Assert.Equal(0, table.FilteredPushRows);
    }

    [Fact]
    public void Wrong_lengths_throw()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 4 });
        long[] ids = [1, 2];
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => table.ApplyGradients(ids, new float[7], 0)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => table.ApplyGradients(ids, new float[9], 0)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => table.Lookup(ids, new float[7])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => table.PullForTraining(ids, new float[7], 0)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => table.Upsert(ids, new float[7], new long[2])).ParamName);
        Assert.Equal("updatedAtMs", Assert.Throws<ArgumentException>(() => table.Upsert(ids, new float[8], new long[1])).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => table.Import(ids, new float[8], new float[3], new long[2])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => table.TakeChanges(new long[2], new float[7], new long[2], new long[1])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() =>
        {
            int cursor = 0;
            table.Export(ref cursor, new long[2], new float[7], [], new long[2]);
        }).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            int cursor = -1;
            table.Export(ref cursor, new long[2], new float[8], [], new long[2]);
        });
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Lookup_accepts_a_longer_destination()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2 });
        var destination = Enumerable.Repeat(9f, 6).ToArray();
        table.Lookup([1L, 2L], destination);
        Assert.Equal([0f, 0f, 0f, 0f, 9f, 9f], destination);
    }

    [Fact]
    public void Values_only_table_rejects_gradients()
    {
        using var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, ValuesOnly = true });
        Assert.Equal(0, table.StateWidth);
        table.Upsert([1L], [1f, 2f], [5L]);
        Assert.Throws<InvalidOperationException>(() => table.ApplyGradients([1L], [1f, 1f], 6));
    }

    [Fact]
    public void Disposed_table_throws()
    {
        var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2 });
        table.Dispose();
        table.Dispose();
        Assert.Throws<ObjectDisposedException>(() => table.Lookup([1L], new float[2]));
    }

    public static TheoryData<string, EmbeddingTableSettings> InvalidSettings()
    {
        var ok = new EmbeddingTableSettings { Dimension = 8 };
        return new TheoryData<string, EmbeddingTableSettings>
        {
            { "Dimension", ok with { Dimension = 0 } },
            { "Dimension", ok with { Dimension = EmbeddingTableSettings.MaxDimension + 1 } },
            { "MinCount", ok with { MinCount = 0 } },
            { "MinCount", ok with { MinCount = 256 } },
            { "FilterMemoryBytes", ok with { FilterMemoryBytes = 1023 } },
            { "FilterMemoryBytes", ok with { FilterMemoryBytes = (1 << 30) + 1 } },
            { "TimeToLive", ok with { TimeToLive = TimeSpan.Zero } },
            { "TimeToLive", ok with { TimeToLive = TimeSpan.FromSeconds(-1) } },
            { "InitialCapacity", ok with { InitialCapacity = -1 } },
            { "Initializer.Scale", ok with { Initializer = new(EmbeddingInitializerKind.Uniform, float.NaN, 0) } },
            { "Initializer.Scale", ok with { Initializer = new(EmbeddingInitializerKind.Normal, -1f, 0) } },
            { "Initializer.Kind", ok with { Initializer = new((EmbeddingInitializerKind)9, 1f, 0) } },
            { "Optimizer.LearningRate", ok with { Optimizer = SparseOptimizerSettings.Sgd(0f) } },
            { "Optimizer.LearningRate", ok with { Optimizer = SparseOptimizerSettings.Adagrad(float.PositiveInfinity) } },
            { "Optimizer.LearningRate", ok with { Optimizer = SparseOptimizerSettings.Adam(float.NaN) } },
            { "Optimizer.InitialAccumulator", ok with { Optimizer = SparseOptimizerSettings.Adagrad(0.1f, -1f) } },
            { "Optimizer.Epsilon", ok with { Optimizer = SparseOptimizerSettings.Adam(0.1f, epsilon: 0f) } },
            { "Optimizer.Beta1", ok with { Optimizer = SparseOptimizerSettings.Adam(0.1f, beta1: 1f) } },
            { "Optimizer.Beta2", ok with { Optimizer = SparseOptimizerSettings.Adam(0.1f, beta2: -0.1f) } },
            { "Optimizer.FtrlAlpha", ok with { Optimizer = SparseOptimizerSettings.Ftrl(0f) } },
            { "Optimizer.FtrlBeta", ok with { Optimizer = SparseOptimizerSettings.Ftrl(0.1f, beta: -1f) } },
            { "Optimizer.L1", ok with { Optimizer = SparseOptimizerSettings.Ftrl(0.1f, l1: -0.5f) } },
            { "Optimizer.L2", ok with { Optimizer = SparseOptimizerSettings.Ftrl(0.1f, l2: float.NaN) } },
            { "Optimizer.Kind", ok with { Optimizer = new SparseOptimizerSettings { Kind = (SparseOptimizerKind)7 } } },
            { "Optimizer", ok with { Optimizer = null! } },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_throw_naming_the_setting(string setting, EmbeddingTableSettings settings)
    {
        var error = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Equal(setting, error.ParamName);
        Assert.Contains($"EmbeddingTableSettings.{setting} is ", error.Message);
        Assert.Contains("allowed: ", error.Message);
        Assert.Throws<ArgumentException>(() => new EmbeddingTable(settings));
    }

    [Fact]
    public void Values_only_table_ignores_optimizer_settings()
    {
        var settings = new EmbeddingTableSettings { Dimension = 8, ValuesOnly = true, Optimizer = SparseOptimizerSettings.Sgd(-1f) };
        settings.Validate();
    }
}
