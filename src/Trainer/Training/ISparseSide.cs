using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>Where a CTR model's embedding rows come from and where their gradients go: the parameter server, or a
/// local <c>nn.Embedding</c> (the baseline). The rest of a training step is the same for both.</summary>
internal interface ISparseSide : IDisposable
{
    /// <summary>Per table, ID → row of a local embedding; null when slots index the batch's unique rows.</summary>
    Dictionary<long, int>[]? Vocabulary { get; }

    /// <summary>Brings the batch's rows (a pull; nothing for a local embedding).</summary>
    Task Fetch(SparseBatch batch);

    /// <summary>[B × the table's slots, row] rows for the forward pass; <paramref name="training"/> makes them
    /// differentiable.</summary>
    Tensor Gather(SparseBatch batch, int table, bool training);

    /// <summary>Right after backward: copies the rows' gradients into <see cref="SparseBatch.Gradients"/> (per unique ID,
    /// duplicates summed by autograd); a local embedding keeps them on its weight.</summary>
    void Collect(SparseBatch batch);

    /// <summary>Applies the collected gradients: a push to the parameter server, or a local optimizer step.</summary>
    Task Apply(SparseBatch batch);
}
