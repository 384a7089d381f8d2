using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Optimizers;

/// <summary>acc += g²; w -= lr * g / (sqrt(acc) + eps). State: acc per coordinate, starting at InitialAccumulator.</summary>
internal static class Adagrad
{
    public const int StatePerCoordinate = 1;

    public static void Apply(Span<float> values, Span<float> state, ReadOnlySpan<float> grad, ref int step, SparseOptimizerSettings settings)
    {
        float lr = settings.LearningRate, eps = settings.Epsilon;
        int n = values.Length;
        ref float w = ref MemoryMarshal.GetReference(values);
        ref float acc = ref MemoryMarshal.GetReference(state.Slice(0, n));
        ref float g = ref MemoryMarshal.GetReference(grad.Slice(0, n));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vlr = new(lr), veps = new(eps);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref g, (nuint)i);
                var a = Vector.LoadUnsafe(ref acc, (nuint)i) + gi * gi;
                a.StoreUnsafe(ref acc, (nuint)i);
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * gi / (Vector.SquareRoot(a) + veps)).StoreUnsafe(ref w, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float a = Unsafe.Add(ref acc, i) += gi * gi;
            Unsafe.Add(ref w, i) -= lr * gi / (MathF.Sqrt(a) + eps);
        }
    }
}
