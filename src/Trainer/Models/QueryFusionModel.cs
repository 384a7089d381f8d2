using ParameterServer.Grains.Users;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Models;

/// <summary>
/// <see cref="UserQueryFusion"/> as a module to train: the same formula, batched, with its parameters P [D×Lt], Wq, Wk,
/// Wv, Wo [D×D] registered in that order, so their flattening (<c>parameters()</c> order, row-major) is the weight layout
/// the user grains read. Starts from <see cref="UserQueryFusion.DefaultWeights"/>.
/// </summary>
public sealed class QueryFusionModel : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly Parameter _p;
    private readonly Parameter _wq;
    private readonly Parameter _wk;
    private readonly Parameter _wv;
    private readonly Parameter _wo;
    private readonly double _scale;

    public QueryFusionModel(int dimension, int longTermDimension)
        : base(nameof(QueryFusionModel))
    {
        var weights = UserQueryFusion.DefaultWeights(dimension, longTermDimension);
        var square = dimension * dimension;
        var projection = dimension * longTermDimension;
        _p = nn.Parameter(tensor(weights[..projection], [dimension, longTermDimension]));
        _wq = nn.Parameter(tensor(weights[projection..(projection + square)], [dimension, dimension]));
        _wk = nn.Parameter(tensor(weights[(projection + square)..(projection + 2 * square)], [dimension, dimension]));
        _wv = nn.Parameter(tensor(weights[(projection + 2 * square)..(projection + 3 * square)], [dimension, dimension]));
        _wo = nn.Parameter(tensor(weights[(projection + 3 * square)..], [dimension, dimension]));
        _scale = 1 / Math.Sqrt(dimension);
        RegisterComponents();
    }

    /// <param name="longTerm">[B, Lt] long-term embeddings (ignored where <paramref name="hasLongTerm"/> is false)</param>
    /// <param name="hasLongTerm">[B] bool</param>
    /// <param name="rows">[B, n, D] the sequences' item rows, right-aligned (the newest last; zeros where padded)</param>
    /// <param name="real">[B, n] bool: a real row, not padding. A user needs a long-term embedding or a real newest row.</param>
    /// <returns>[B, D] queries q (scored as [q, 1]·row)</returns>
    public override Tensor forward(Tensor longTerm, Tensor hasLongTerm, Tensor rows, Tensor real)
    {
        using var scope = NewDisposeScope();
        var projected = longTerm.matmul(_p.t());
        var anchor = where(hasLongTerm.unsqueeze(1), projected, rows.select(1, -1));
        var tokens = cat([projected.unsqueeze(1), rows], 1);
        var valid = cat([hasLongTerm.unsqueeze(1), real], 1);

        // s_j = (Wq·a)·(Wk·t_j) = (aᵀ·Wqᵀ·Wk)·t_j, as UserQueryFusion computes it.
        var key = anchor.matmul(_wq.t()).matmul(_wk);
        var scores = tokens.matmul(key.unsqueeze(2)).squeeze(2).Times(_scale);
        var attention = scores.MaskedFill(valid.logical_not(), double.NegativeInfinity).softmax(1);
        var mixed = attention.unsqueeze(1).matmul(tokens).squeeze(1);
        return (anchor + mixed.matmul(_wv.t()).matmul(_wo.t())).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _p.Dispose();
            _wq.Dispose();
            _wk.Dispose();
            _wv.Dispose();
            _wo.Dispose();
        }

        base.Dispose(disposing);
    }
}
