using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>
/// DeepFM (Guo et al. 2017): logit = bias + first-order terms + FM pairwise interactions + a deep MLP over the
/// concatenated field embeddings and dense features. The sparse embeddings are inputs, not parameters: they come
/// from the parameter server (or a local embedding), so this module holds only the dense parameters.
/// </summary>
public sealed class DeepFm : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear _denseLinear;
    private readonly Sequential _deep;

    /// <param name="fields">sparse fields F</param>
    /// <param name="denseFeatures">dense features Dd</param>
    public DeepFm(int fields, int denseFeatures, DeepFmOptions options)
        : base(nameof(DeepFm))
    {
        options.Validate();
        _denseLinear = nn.Linear(denseFeatures, 1);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var linears = new List<Linear> { _denseLinear };
        var width = fields * options.EmbeddingDimension + denseFeatures;
        foreach (var hidden in options.Hidden)
        {
            linears.Add(nn.Linear(width, hidden));
            layers.Add(linears[^1]);
            layers.Add(nn.ReLU());
            width = hidden;
        }

        linears.Add(nn.Linear(width, 1));
        layers.Add(linears[^1]);
        _deep = nn.Sequential(layers);
        RegisterComponents();

        // Deterministic initial weights for a seed, so two runs (or the PS and local variants) start alike.
        SeededInit.Linears(linears, options.Seed);
    }

    /// <param name="embeddings">[B, F, D] field embeddings</param>
    /// <param name="firstOrder">[B, F] first-order weights of the fields' values</param>
    /// <param name="dense">[B, Dd] dense features</param>
    /// <returns>[B] logits</returns>
    public override Tensor forward(Tensor embeddings, Tensor firstOrder, Tensor dense)
    {
        using var scope = NewDisposeScope();
        var linear = firstOrder.sum(1) + _denseLinear.forward(dense).squeeze(1);
        var sum = embeddings.sum(1);
        var pairwise = (sum.square() - embeddings.square().sum(1)).sum(1).Times(0.5);
        var deepInput = cat([embeddings.flatten(1), dense], 1);
        var deep = _deep.forward(deepInput).squeeze(1);
        return (linear + pairwise + deep).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _denseLinear.Dispose();
            _deep.Dispose();
        }

        base.Dispose(disposing);
    }
}
