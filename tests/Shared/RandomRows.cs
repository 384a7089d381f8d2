namespace ParameterServer.Tests;

/// <summary>Seeded rows of floats in [-0.5, 0.5): gradients, queries and initial weights for tests.</summary>
internal static class RandomRows
{
    public static float[] Gradients(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}
