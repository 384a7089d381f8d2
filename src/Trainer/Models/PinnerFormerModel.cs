using ParameterServer.Trainer.Sequences;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>
/// PinnerFormer (Pancha et al. 2022): each action = item embedding (from the parameter server) + a learned action-type
/// embedding + time features, projected and passed through a causal transformer; an MLP and L2 normalisation give a
/// user embedding at every position. An item tower maps item embeddings into the same space. A learned temperature
/// scales the similarities of the sampled softmax. Holds only dense parameters.
/// </summary>
public sealed class PinnerFormerModel : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear _input;
    private readonly Embedding _actions;
    private readonly Embedding _positions;
    private readonly ModuleList<CausalBlock> _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _userHidden;
    private readonly Linear _userOut;
    private readonly Linear _itemHidden;
    private readonly Linear _itemOut;
    private readonly Parameter _logTemperature;

    public PinnerFormerModel(int actionTypes, PinnerFormerOptions options)
        : base(nameof(PinnerFormerModel))
    {
        options.Validate();
        _input = nn.Linear(options.ItemDimension + SequenceData.TimeFeatures, options.Hidden);
        _actions = nn.Embedding(actionTypes, options.Hidden);
        _positions = nn.Embedding(options.MaxSequence, options.Hidden);
        _blocks = nn.ModuleList(Enumerable.Range(0, options.Layers).Select(_ => new CausalBlock(options.Hidden, options.Heads)).ToArray());
        _norm = nn.LayerNorm(options.Hidden);
        _userHidden = nn.Linear(options.Hidden, options.Hidden);
        _userOut = nn.Linear(options.Hidden, options.OutputDimension);
        _itemHidden = nn.Linear(options.ItemDimension, options.Hidden);
        _itemOut = nn.Linear(options.Hidden, options.OutputDimension);
        _logTemperature = nn.Parameter(tensor(MathF.Log(0.1f)));
        RegisterComponents();

        var linears = new List<Linear> { _input, _userHidden, _userOut, _itemHidden, _itemOut };
        linears.AddRange(_blocks.SelectMany(b => b.Linears));
        SeededInit.Linears(linears, options.Seed);
        using var generator = new Generator((ulong)options.Seed + 1);
        using (no_grad())
        {
            _actions.weight!.normal_(0, 0.02, generator);
            _positions.weight!.normal_(0, 0.02, generator);
        }
    }

    /// <summary>The softmax temperature, learned (kept in [0.01, 1]).</summary>
    public Tensor Temperature => _logTemperature.exp().ClampTo(0.01, 1.0);

    /// <param name="items">[B, M, ItemDimension] item embeddings of the actions (zeros where padded)</param>
    /// <param name="actions">[B, M] action types</param>
    /// <param name="time">[B, M, TimeFeatures]</param>
    /// <param name="real">[B, M] bool: a real action, not padding (sequences are right-aligned)</param>
    /// <returns>[B, M, OutputDimension] L2-normalised user embeddings, one per position</returns>
    public override Tensor forward(Tensor items, Tensor actions, Tensor time, Tensor real)
    {
        using var scope = NewDisposeScope();
        var length = items.shape[1];
        var positions = arange(length, dtype: ScalarType.Int64);
        var x = _input.forward(cat([items, time], 2)) + _actions.forward(actions) + _positions.forward(positions).unsqueeze(0);

        // Query i sees keys j <= i that are real actions, and always itself (so padded rows stay finite).
        var causal = ones(length, length, dtype: ScalarType.Bool).tril();
        var self = eye(length, dtype: ScalarType.Bool);
        var allowed = causal.unsqueeze(0) & (real.unsqueeze(1) | self.unsqueeze(0));
        allowed = allowed.unsqueeze(1);
        foreach (var block in _blocks)
        {
            x = block.forward(x, allowed);
        }

        var user = _userOut.forward(nn.functional.gelu(_userHidden.forward(_norm.forward(x))));
        return nn.functional.normalize(user, 2.0, -1).MoveToOuterDisposeScope();
    }

    /// <param name="items">[N, ItemDimension]</param>
    /// <returns>[N, OutputDimension] L2-normalised item embeddings</returns>
    public Tensor EncodeItems(Tensor items)
    {
        using var scope = NewDisposeScope();
        var item = _itemOut.forward(nn.functional.gelu(_itemHidden.forward(items)));
        return nn.functional.normalize(item, 2.0, -1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            _actions.Dispose();
            _positions.Dispose();
            _blocks.Dispose();
            _norm.Dispose();
            _userHidden.Dispose();
            _userOut.Dispose();
            _itemHidden.Dispose();
            _itemOut.Dispose();
            _logTemperature.Dispose();
        }

        base.Dispose(disposing);
    }
}
