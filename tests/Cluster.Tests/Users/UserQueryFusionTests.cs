using ParameterServer.Grains.Users;

namespace ParameterServer.Cluster.Tests.Users;

public sealed class UserQueryFusionTests
{
    private const int D = 6;
    private const int Lt = 5;
    private const int Stride = D + 1;

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 4)]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void FusionEqualsTheFormulaTokenByToken(bool withLongTerm, int actions)
    {
        var weights = RandomRows.Gradients(1, UserQueryFusion.ParameterCount(D, Lt), seed: 3);
        var longTerm = withLongTerm ? RandomRows.Gradients(1, Lt, seed: 4) : [];
        var rows = RandomRows.Gradients(actions, Stride, seed: 5);
        var query = new float[D];

        UserQueryFusion.Fuse(weights, longTerm, Lt, rows, Stride, query);

        var expected = Reference(weights, longTerm, rows, actions);
        for (var i = 0; i < D; i++)
        {
            Assert.Equal(expected[i], query[i], 4);
        }
    }

    [Fact]
    public void DefaultWeightsAddTheMeanOfTheTokensToTheAnchor()
    {
        var weights = UserQueryFusion.DefaultWeights(D, Lt);
        float[] rows = [1, 0, 0, 0, 0, 0, 9, 0, 2, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 4, 9];
        var query = new float[D];

        UserQueryFusion.Fuse(weights, [], Lt, rows, Stride, query);

        // Anchor: the newest row (0,0,0,0,0,4); mean of the three rows: (1/3, 2/3, 0, 0, 0, 4/3).
        float[] expected = [1 / 3f, 2 / 3f, 0, 0, 0, 4 + 4 / 3f];
        for (var i = 0; i < D; i++)
        {
            Assert.Equal(expected[i], query[i], 5);
        }
    }

    [Fact]
    public void NothingToFuseIsRefused()
    {
        var weights = UserQueryFusion.DefaultWeights(D, Lt);
        Assert.Throws<ArgumentException>(() => UserQueryFusion.Fuse(weights, [], Lt, [], Stride, new float[D]));
        Assert.Throws<ArgumentException>(() => UserQueryFusion.Fuse(weights, new float[Lt + 1], Lt, [], Stride, new float[D]));
        Assert.Throws<ArgumentException>(() => UserQueryFusion.Fuse(weights[1..], new float[Lt], Lt, [], Stride, new float[D]));
    }

    /// <summary>The summary's formula, literally: Wq·a and Wk·t_j separately, then the softmax and the mix.</summary>
    private static double[] Reference(float[] w, float[] longTerm, float[] rows, int n)
    {
        double[] MatVec(int offset, int columns, Func<int, double> x) =>
            Enumerable.Range(0, D).Select(i => Enumerable.Range(0, columns).Sum(j => (double)w[offset + i * columns + j] * x(j))).ToArray();

        var tokens = new List<double[]>();
        if (longTerm.Length > 0)
        {
            tokens.Add(MatVec(0, Lt, j => longTerm[j]));
        }

        for (var r = 0; r < n; r++)
        {
            tokens.Add(Enumerable.Range(0, D).Select(i => (double)rows[r * Stride + i]).ToArray());
        }

        var anchor = longTerm.Length > 0 ? tokens[0] : tokens[^1];
        var (wq, wk, wv, wo) = (D * Lt, D * Lt + D * D, D * Lt + 2 * D * D, D * Lt + 3 * D * D);
        var q = MatVec(wq, D, j => anchor[j]);
        var scores = tokens.Select(t => MatVec(wk, D, j => t[j]).Zip(q, (a, b) => a * b).Sum() / Math.Sqrt(D)).ToArray();
        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
        var alpha = exp.Select(e => e / exp.Sum()).ToArray();
        var mixed = Enumerable.Range(0, D).Select(i => tokens.Select((t, j) => alpha[j] * t[i]).Sum()).ToArray();
        var values = MatVec(wv, D, j => mixed[j]);
        var output = MatVec(wo, D, j => values[j]);
        return output.Zip(anchor, (o, a) => o + a).ToArray();
    }
}
