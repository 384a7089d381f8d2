using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Optimizers;

/// <summary>w -= lr * g. No state.</summary>
internal static class Sgd
{
    public const int StatePerCoordinate = 0;

    public static void Apply(Span<float> values, Span<float> state, ReadOnlySpan<float> grad, ref int step, SparseOptimizerSettings settings)
    {
        float lr = settings.LearningRate;
        int n = values.Length;
        ref float w = ref MemoryMarshal.GetReference(values);
        ref float g = ref MemoryMarshal.GetReference(grad);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<float>(lr);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref w, (nuint)i) - vlr * Vector.LoadUnsafe(ref g, (nuint)i)).StoreUnsafe(ref w, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref w, i) -= lr * Unsafe.Add(ref g, i);
        }
    }
}
