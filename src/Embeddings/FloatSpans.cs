using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings;

/// <summary>Vectorised checks and sums over float spans, shared by the table core and the client SDK.</summary>
public static class FloatSpans
{
    private const int ExponentMask = 0x7F80_0000;

    /// <summary>Index of the first NaN or infinity in <paramref name="values"/>, or -1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // A float is non-finite exactly when its exponent bits are all ones; comparing bits avoids FP exceptions/slow paths.
        ref int bits = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(values));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mask = new Vector<int>(ExponentMask);
            for (; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count)
            {
                if (Vector.EqualsAny(Vector.LoadUnsafe(ref bits, (nuint)i) & mask, mask))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if ((Unsafe.Add(ref bits, i) & ExponentMask) == ExponentMask)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><paramref name="destination"/>[i] += <paramref name="source"/>[i], in index order like a scalar loop.</summary>
    public static void AddInPlace(Span<float> destination, ReadOnlySpan<float> source)
    {
        int n = destination.Length;
        ref float d = ref MemoryMarshal.GetReference(destination);
        ref float s = ref MemoryMarshal.GetReference(source.Slice(0, n));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref d, (nuint)i) + Vector.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) += Unsafe.Add(ref s, i);
        }
    }
}
