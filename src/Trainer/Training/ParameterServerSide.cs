using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>
/// Rows pulled from the parameter server become leaf tensors with <c>requires_grad</c>; after backward their
/// gradients (one per unique ID, duplicates already summed by autograd) are pushed, and the shards' optimizer applies
/// them.
/// </summary>
internal sealed class ParameterServerSide(IEmbeddingReader reader, IEmbeddingStore? store, int rowDimension, int tables) : ISparseSide
{
    private readonly Tensor?[] _leaves = new Tensor?[tables];

    public Dictionary<long, int>[]? Vocabulary => null;

    public Task Fetch(SparseBatch batch) => batch.Pull(reader);

    public Tensor Gather(SparseBatch batch, int table, bool training)
    {
        var rows = batch.RowTensor(table);
        if (training)
        {
            rows.requires_grad_(true);
            _leaves[table] = rows;
        }

        return rows.index_select(0, batch.IndexTensor(table));
    }

    public void Collect(SparseBatch batch)
    {
        for (var t = 0; t < _leaves.Length; t++)
        {
            var leaf = _leaves[t] ?? throw new InvalidOperationException($"Table {t}: no rows were gathered for training.");
            var grad = leaf.grad ?? throw new InvalidOperationException($"Table {t}'s rows got no gradient.");
            TensorData.CopyTo(grad, batch.Gradients[t].AsSpan(0, batch.UniqueCounts[t] * rowDimension));
            _leaves[t] = null;
        }
    }

    public Task Apply(SparseBatch batch) =>
        batch.Push(store ?? throw new InvalidOperationException("This side reads rows only; it cannot train."));

    public void Dispose()
    {
    }
}
