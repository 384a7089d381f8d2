using TorchSharp;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>
/// Tensor operations with a number, each holding its native scalar until the operation has returned. TorchSharp's
/// implicit number → <see cref="Scalar"/> conversion leaves the scalar to the finalizer, which can free it while libtorch
/// still reads it (seen in CI as "Expected false to be true ... toFloat" from masked_fill).
/// </summary>
public static class ScalarArithmetic
{
    public static Tensor MaskedFill(this Tensor tensor, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.masked_fill(mask, scalar);
    }

    public static Tensor Times(this Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    public static Tensor ClampTo(this Tensor tensor, double min, double max)
    {
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        return tensor.clamp(low, high);
    }
}
