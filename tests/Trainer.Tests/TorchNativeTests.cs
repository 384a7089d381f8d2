using TorchSharp;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Tests;

/// <summary>The native library loads (see build/TorchSharpNativeFix.targets) and autograd works end to end.</summary>
public sealed class TorchNativeTests
{
    [Fact]
    public void ForwardAndBackwardPassComputeTheAnalyticGradient()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(3, 1);
        var x = tensor(new float[] { 1f, 2f, 3f, -1f, 0.5f, 2f }, 2, 3);
        var loss = linear.forward(x).square().sum();
        loss.backward();

        // d/dW sum((xW^T + b)^2) = sum over rows of 2 (x·w + b) x.
        var w = linear.weight!.data<float>().ToArray();
        var b = linear.bias!.data<float>()[0];
        var expected = new double[3];
        for (var row = 0; row < 2; row++)
        {
            var output = b;
            for (var j = 0; j < 3; j++)
            {
                output += w[j] * x[row, j].item<float>();
            }

            for (var j = 0; j < 3; j++)
            {
                expected[j] += 2 * output * x[row, j].item<float>();
            }
        }

        var gradient = linear.weight.grad!.data<float>().ToArray();
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(expected[j], gradient[j], 4);
        }
    }
}
