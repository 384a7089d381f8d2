using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

/// <summary>Two steps of each optimizer on a dimension-2 row, against arithmetic worked by hand.</summary>
public sealed class OptimizerMathTests
{
    // Epsilon (1e-8) and float rounding move results by ~1e-8 relative; hand values are exact decimals.
    private const float Tolerance = 1e-6f;

    [Fact]
    public void Sgd_subtracts_learning_rate_times_gradient()
    {
        using var table = NewTable(SparseOptimizerSettings.Sgd(0.5f), start: [1f, -2f]);

        // w = [1 - 0.5*0.5, -2 - 0.5*4] = [0.75, -4]
        Push(table, [0.5f, 4f]);
        AssertRow(table, [0.75f, -4f], []);

        // w = [0.75 - 0.5*(-1), -4 - 0] = [1.25, -4]
        Push(table, [-1f, 0f]);
        AssertRow(table, [1.25f, -4f], []);
    }

    [Fact]
    public void Adagrad_divides_by_root_of_accumulated_squares()
    {
        using var table = NewTable(SparseOptimizerSettings.Adagrad(0.5f, initialAccumulator: 7f), start: [0f, 0f]);

        // acc = [7 + 9, 7 + 9] = [16, 16]; w = [0 - 0.5*3/4, 0 - 0.5*(-3)/4] = [-0.375, 0.375]
        Push(table, [3f, -3f]);
        AssertRow(table, [-0.375f, 0.375f], [16f, 16f]);

        // acc = [16 + 0, 16 + 9] = [16, 25]; w = [-0.375 - 0, 0.375 - 0.5*3/5] = [-0.375, 0.075]
        Push(table, [0f, 3f]);
        AssertRow(table, [-0.375f, 0.075f], [16f, 25f]);
    }

    [Fact]
    public void Ftrl_follows_mcmahan_per_coordinate_update()
    {
        // alpha 1, beta 1, l1 0.5, l2 0; coordinate 0 starts at the (initialiser) value 0.25, which enters only via z.
        using var table = NewTable(SparseOptimizerSettings.Ftrl(alpha: 1f, beta: 1f, l1: 0.5f), start: [0.25f, 0f]);

        // c0: g 3:    sigma = (sqrt(0+9) - 0)/1 = 3; z = 0 + 3 - 3*0.25 = 2.25; n = 9;
        //             |z| > 0.5 so w = -(2.25 - 0.5) / ((1 + 3)/1 + 0) = -1.75/4 = -0.4375
        // c1: g 0.25: sigma = 0.25; z = 0.25 - 0.25*0 = 0.25; n = 0.0625; |z| <= 0.5 so w = 0
        Push(table, [3f, 0.25f]);
        AssertRow(table, [-0.4375f, 0f], [2.25f, 0.25f, 9f, 0.0625f]);

        // c0: g 4:    sigma = (sqrt(25) - 3)/1 = 2; z = 2.25 + 4 - 2*(-0.4375) = 7.125; n = 25;
        //             w = -(7.125 - 0.5) / ((1 + 5)/1) = -6.625/6 = -1.1041667
        // c1: g -1:   n' = 1.0625; sigma = sqrt(1.0625) - 0.25 = 0.7807764; z = 0.25 - 1 - sigma*0 = -0.75;
        //             w = -(-0.75 + 0.5) / (1 + sqrt(1.0625)) = 0.25/2.0307764 = 0.1231056
        Push(table, [4f, -1f]);
        AssertRow(table, [-1.1041667f, 0.1231056f], [7.125f, -0.75f, 25f, 1.0625f]);
    }

    [Fact]
    public void Ftrl_l2_adds_to_the_denominator()
    {
        using var table = NewTable(SparseOptimizerSettings.Ftrl(alpha: 1f, beta: 1f, l1: 0.5f, l2: 1f), start: [0.25f, 0f]);

        // As above, but w = -(2.25 - 0.5) / ((1 + 3)/1 + 1) = -1.75/5 = -0.35
        Push(table, [3f, 0.25f]);
        AssertRow(table, [-0.35f, 0f], [2.25f, 0.25f, 9f, 0.0625f]);
    }

    [Fact]
    public void Adam_corrects_bias_with_the_rows_own_step()
    {
        using var table = NewTable(SparseOptimizerSettings.Adam(0.1f, beta1: 0.5f, beta2: 0.75f), start: [0f, 0f]);

        // t = 1: bias corrections 1 - 0.5 = 0.5 and 1 - 0.75 = 0.25.
        // c0: g 2:  m = 0.5*2 = 1;  v = 0.25*4 = 1;  m^ = 2;  v^ = 4;  w = 0 - 0.1*2/2 = -0.1
        // c1: g -4: m = -2;         v = 0.25*16 = 4; m^ = -4; v^ = 16; w = 0 - 0.1*(-4)/4 = 0.1
        Push(table, [2f, -4f]);
        AssertRow(table, [-0.1f, 0.1f], [1f, -2f, 1f, 4f, 1f]);

        // t = 2: bias corrections 1 - 0.25 = 0.75 and 1 - 0.5625 = 0.4375.
        // c0: g -2: m = 0.5 - 1 = -0.5; v = 0.75 + 1 = 1.75; m^ = -0.6666667; v^ = 4;
        //           w = -0.1 - 0.1*(-0.6666667)/2 = -0.0666667
        // c1: g 0:  m = -1; v = 3; m^ = -1.3333333; v^ = 6.8571429 (sqrt 2.6186147);
        //           w = 0.1 + 0.1*1.3333333/2.6186147 = 0.1509175
        Push(table, [-2f, 0f]);
        AssertRow(table, [-0.0666667f, 0.1509175f], [-0.5f, -1f, 1.75f, 3f, 2f]);
    }

    private static EmbeddingTable NewTable(SparseOptimizerSettings optimizer, float[] start)
    {
        var table = new EmbeddingTable(new EmbeddingTableSettings { Dimension = 2, Optimizer = optimizer });
        table.Upsert([42L], start, [0L]);
        return table;
    }

    private static void Push(EmbeddingTable table, float[] gradient) =>
        Assert.Equal(new PushOutcome(1, 0), table.ApplyGradients([42L], gradient, nowMs: 1));

    private static void AssertRow(EmbeddingTable table, float[] values, float[] state)
    {
        var row = TableDump.Of(table).Rows[42];
        Assert.Equal(state.Length, table.StateWidth);
        for (int j = 0; j < values.Length; j++)
        {
            Assert.Equal(values[j], row.Values[j], Tolerance);
        }

        for (int j = 0; j < state.Length; j++)
        {
            Assert.Equal(state[j], row.State[j], Tolerance);
        }
    }
}
