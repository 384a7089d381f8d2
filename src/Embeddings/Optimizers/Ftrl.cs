using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Optimizers;

/// <summary>
/// FTRL-Proximal per coordinate (McMahan et al. 2013, algorithm 1). State: z then n, one of each per coordinate,
/// both starting at 0. w is a function of (z, n), so the first update of a new row replaces its initial value
/// (it only enters through z += g - sigma * w); that is the standard FTRL behaviour.
/// </summary>
internal static class Ftrl
{
    public const int StatePerCoordinate = 2;

    public static void Apply(Span<float> values, Span<float> state, ReadOnlySpan<float> grad, ref int step, SparseOptimizerSettings settings)
    {
        float alpha = settings.FtrlAlpha, beta = settings.FtrlBeta, l1 = settings.L1, l2 = settings.L2;
        int n = values.Length;
        ref float w = ref MemoryMarshal.GetReference(values);
        ref float z = ref MemoryMarshal.GetReference(state.Slice(0, 2 * n));
        ref float nn = ref Unsafe.Add(ref z, n);
        ref float g = ref MemoryMarshal.GetReference(grad.Slice(0, n));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> valpha = new(alpha), vbeta = new(beta), vl1 = new(l1), vl2 = new(l2);
            var signBit = Vector.AsVectorSingle(new Vector<int>(int.MinValue));
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.LoadUnsafe(ref g, (nuint)i);
                var ni = Vector.LoadUnsafe(ref nn, (nuint)i);
                var wi = Vector.LoadUnsafe(ref w, (nuint)i);
                var newN = ni + gi * gi;
                var sigma = (Vector.SquareRoot(newN) - Vector.SquareRoot(ni)) / valpha;
                var zi = Vector.LoadUnsafe(ref z, (nuint)i) + (gi - sigma * wi);
                zi.StoreUnsafe(ref z, (nuint)i);
                newN.StoreUnsafe(ref nn, (nuint)i);
                var signedL1 = Vector.ConditionalSelect(signBit, zi, vl1);
                var solved = -(zi - signedL1) / ((vbeta + Vector.SquareRoot(newN)) / valpha + vl2);
                Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(zi), vl1), Vector<float>.Zero, solved).StoreUnsafe(ref w, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float ni = Unsafe.Add(ref nn, i);
            float newN = ni + gi * gi;
            float sigma = (MathF.Sqrt(newN) - MathF.Sqrt(ni)) / alpha;
            float zi = Unsafe.Add(ref z, i) += gi - sigma * Unsafe.Add(ref w, i);
            Unsafe.Add(ref nn, i) = newN;
            Unsafe.Add(ref w, i) = MathF.Abs(zi) <= l1 ? 0f : -(zi - MathF.CopySign(l1, zi)) / ((beta + MathF.Sqrt(newN)) / alpha + l2);
        }
    }
}
