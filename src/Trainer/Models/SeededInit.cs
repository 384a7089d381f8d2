using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>PyTorch's default Linear initialisation (uniform ±1/√fan_in for weight and bias), drawn from a seeded
/// generator so the same seed gives the same model in any process.</summary>
internal static class SeededInit
{
    public static void Linears(IEnumerable<Linear> linears, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var linear in linears)
        {
            var bound = 1.0 / Math.Sqrt(linear.in_features);
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias?.uniform_(-bound, bound, generator);
        }
    }
}
