using ParameterServer.Grains.Users;
using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Tests.Fusion;

public sealed class QueryFusionParityTests
{
    private const int D = 16;
    private const int Lt = 64;
    private const int Stride = D + 1;

    /// <summary>Random weights loaded through the flattening the dense grains hold, random inputs: the module's query is
    /// the serving fusion's, with and without a long-term embedding, for sequences of several lengths.</summary>
    [Theory]
    [InlineData(true, 5)]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    [InlineData(false, 7)]
    public void TheModuleComputesWhatServingFuses(bool withLongTerm, int actions)
    {
        const int n = 8;
        var random = new Random(actions * 2 + (withLongTerm ? 1 : 0));
        var weights = Floats(random, UserQueryFusion.ParameterCount(D, Lt), 0.3);
        var longTerm = Floats(random, Lt, 1);
        var rows = Floats(random, actions * Stride, 1);
        var expected = new float[D];
        UserQueryFusion.Fuse(weights, withLongTerm ? longTerm : [], Lt, rows, Stride, expected);

        using var model = new QueryFusionModel(D, Lt);
        var parameters = new DenseParameters(model);
        Assert.Equal(weights.Length, parameters.Count);
        parameters.Load(weights);

        // Right-aligned: the sequence's rows (first D floats of each) in the last slots.
        var padded = new float[n * D];
        var real = new bool[n];
        for (var j = 0; j < actions; j++)
        {
            rows.AsSpan(j * Stride, D).CopyTo(padded.AsSpan((n - actions + j) * D, D));
            real[n - actions + j] = true;
        }

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var query = model.forward(tensor(longTerm, [1, Lt]), tensor(new[] { withLongTerm }), tensor(padded, [1, n, D]), tensor(real, [1, n]));
        var actual = query.data<float>().ToArray();
        for (var i = 0; i < D; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f, $"component {i}: module {actual[i]}, UserQueryFusion {expected[i]}");
        }
    }

    private static float[] Floats(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
}
