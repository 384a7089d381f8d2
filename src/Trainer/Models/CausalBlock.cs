using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>A pre-norm transformer block whose self-attention sees only allowed (earlier, real) positions.</summary>
public sealed class CausalBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly int _heads;
    private readonly LayerNorm _norm1;
    private readonly Linear _qkv;
    private readonly Linear _out;
    private readonly LayerNorm _norm2;
    private readonly Linear _up;
    private readonly Linear _down;

    public CausalBlock(int hidden, int heads)
        : base(nameof(CausalBlock))
    {
        _heads = heads;
        _norm1 = nn.LayerNorm(hidden);
        _qkv = nn.Linear(hidden, 3 * hidden);
        _out = nn.Linear(hidden, hidden);
        _norm2 = nn.LayerNorm(hidden);
        _up = nn.Linear(hidden, 4 * hidden);
        _down = nn.Linear(4 * hidden, hidden);
        RegisterComponents();
    }

    public IEnumerable<Linear> Linears => [_qkv, _out, _up, _down];

    /// <param name="x">[B, M, H]</param>
    /// <param name="allowed">[B, 1, M, M] bool: query i may attend to key j</param>
    public override Tensor forward(Tensor x, Tensor allowed)
    {
        using var scope = NewDisposeScope();
        var (batch, length, hidden) = (x.shape[0], x.shape[1], x.shape[2]);
        var headSize = hidden / _heads;
        var qkv = _qkv.forward(_norm1.forward(x)).view(batch, length, 3, _heads, headSize).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        var scores = q.matmul(k.transpose(-2, -1)).Times(1 / Math.Sqrt(headSize));
        var attention = scores.MaskedFill(allowed.logical_not(), double.NegativeInfinity).softmax(-1);
        var mixed = attention.matmul(v).transpose(1, 2).reshape(batch, length, hidden);
        var h = x + _out.forward(mixed);
        var result = h + _down.forward(nn.functional.gelu(_up.forward(_norm2.forward(h))));
        return result.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _norm1.Dispose();
            _qkv.Dispose();
            _out.Dispose();
            _norm2.Dispose();
            _up.Dispose();
            _down.Dispose();
        }

        base.Dispose(disposing);
    }
}
