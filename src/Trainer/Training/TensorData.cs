using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>Copies between managed buffers and CPU tensors without intermediate arrays.</summary>
internal static class TensorData
{
    public static Tensor Floats(float[] source, int count, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Float32);
        tensor.bytes = MemoryMarshal.AsBytes(source.AsSpan(0, count));
        return tensor;
    }

    public static Tensor Longs(long[] source, int count, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Int64);
        tensor.bytes = MemoryMarshal.AsBytes(source.AsSpan(0, count));
        return tensor;
    }

    /// <summary>Copies a contiguous float tensor into <paramref name="destination"/>.</summary>
    public static void CopyTo(Tensor tensor, Span<float> destination) =>
        MemoryMarshal.Cast<byte, float>(tensor.bytes).CopyTo(destination);
}
