using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Optimizers;

/// <summary>
/// Lazy (sparse) Adam: only rows in the batch update their moments, and bias correction uses the row's own step count.
/// State: m then v, one of each per coordinate, then one float holding the step count (so Export/Import carry it).
/// </summary>
internal static class Adam
{
    public const int StatePerCoordinate = 2;

    /// <summary>The step is stored as a float, exact up to 2^24; beyond it the count stops (bias correction is ~1 by then).</summary>
    public const int MaxStep = 1 << 24;

    public static void Apply(Span<float> values, Span<float> state, ReadOnlySpan<float> grad, ref int step, SparseOptimizerSettings settings)
    {
        if (step < MaxStep)
        {
            step++;
        }

        float lr = settings.LearningRate, eps = settings.Epsilon, b1 = settings.Beta1, b2 = settings.Beta2;
        float omb1 = 1f - b1, omb2 = 1f - b2;
        float bc1 = 1f - MathF.Pow(b1, step), bc2 = 1f - MathF.Pow(b2, step);
        int n = values.Length;
        ref float w = ref MemoryMarshal.GetReference(values);
        ref float m = ref MemoryMarshal.GetReference(state.Slice(0, 2 * n));
        ref float v = ref Unsafe.Add(ref m, n);
        ref float g = ref MemoryMarshal.GetReference(grad.Slice(0, n));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vlr = new(lr), veps = new(eps), vb1 = new(b1), vb2 = new(b2), vomb1 = new(omb1), vomb2 = new(omb2), vbc1 = new(bc1), vbc2 = new(bc2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref g, (nuint)i);
                var mi = vb1 * Vector.LoadUnsafe(ref m, (nuint)i) + vomb1 * gi;
                var vi = vb2 * Vector.LoadUnsafe(ref v, (nuint)i) + vomb2 * (gi * gi);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * (mi / vbc1) / (Vector.SquareRoot(vi / vbc2) + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = Unsafe.Add(ref m, i) = b1 * Unsafe.Add(ref m, i) + omb1 * gi;
            float vi = Unsafe.Add(ref v, i) = b2 * Unsafe.Add(ref v, i) + omb2 * (gi * gi);
            Unsafe.Add(ref w, i) -= lr * (mi / bc1) / (MathF.Sqrt(vi / bc2) + eps);
        }
    }
}
