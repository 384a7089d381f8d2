using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>A module's parameters as one flat float vector, in <c>parameters()</c> order: what the dense grains hold.</summary>
internal sealed class DenseParameters
{
    private readonly TorchSharp.Modules.Parameter[] _parameters;

    public DenseParameters(nn.Module module)
    {
        _parameters = module.parameters().ToArray();
        Count = checked((int)_parameters.Sum(p => p.numel()));
        Gradients = new float[Count];
    }

    public int Count { get; }

    /// <summary>Reused buffer that <see cref="ReadGradients"/> fills.</summary>
    public float[] Gradients { get; }

    public float[] ReadWeights()
    {
        var weights = new float[Count];
        var offset = 0;
        foreach (var parameter in _parameters)
        {
            var n = (int)parameter.numel();
            TensorData.CopyTo(parameter, weights.AsSpan(offset, n));
            offset += n;
        }

        return weights;
    }

    public void Load(ReadOnlySpan<float> weights)
    {
        if (weights.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} dense weights, got {weights.Length}.", nameof(weights));
        }

        using var _ = no_grad();
        var offset = 0;
        foreach (var parameter in _parameters)
        {
            var n = (int)parameter.numel();
            // The setter only reads the span; it takes Span<byte>, hence the cast from read-only.
            var slice = weights.Slice(offset, n);
            parameter.bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(slice), n));
            offset += n;
        }
    }

    /// <summary>Copies every parameter's gradient into <see cref="Gradients"/> (zeros where none).</summary>
    public float[] ReadGradients()
    {
        var offset = 0;
        foreach (var parameter in _parameters)
        {
            var n = (int)parameter.numel();
            var grad = parameter.grad;
            if (grad is null)
            {
                Gradients.AsSpan(offset, n).Clear();
            }
            else
            {
                TensorData.CopyTo(grad, Gradients.AsSpan(offset, n));
            }

            offset += n;
        }

        return Gradients;
    }
}
