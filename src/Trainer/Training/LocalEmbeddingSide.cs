using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Trainer.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>
/// The baseline without a parameter server: one <c>nn.Embedding</c> per table over a vocabulary of every ID the data
/// holds, initialised row by row with the table initialiser the cluster would use, trained by torch's Adagrad with the
/// table's settings.
/// </summary>
internal sealed class LocalEmbeddingSide : ISparseSide
{
    private readonly Embedding[] _embeddings;
    private readonly Adagrad _optimizer;

    public LocalEmbeddingSide(CtrSchema schema, IEnumerable<CtrDataset> data, int rowDimension, EmbeddingInitializer initializer, SparseOptimizerSettings adagrad)
    {
        Vocabulary = schema.Tables.Select(_ => new Dictionary<long, int>()).ToArray();
        foreach (var set in data)
        {
            for (var e = 0; e < set.Count; e++)
            {
                for (var slot = 0; slot < schema.SlotCount; slot++)
                {
                    var words = Vocabulary[schema.SlotTable[slot]];
                    words.TryAdd(set.Keys[e * schema.SlotCount + slot], words.Count);
                }
            }
        }

        _embeddings = new Embedding[schema.Tables.Length];
        for (var t = 0; t < _embeddings.Length; t++)
        {
            var initial = new float[Vocabulary[t].Count * rowDimension];
            foreach (var (key, row) in Vocabulary[t])
            {
                initializer.Fill(key, initial.AsSpan(row * rowDimension, rowDimension));
            }

            // A plain embedding whose weight is overwritten, not from_pretrained: the optimizer must see the module's
            // own registered parameter.
            _embeddings[t] = nn.Embedding(Vocabulary[t].Count, rowDimension);
            using var weights = tensor(initial, [Vocabulary[t].Count, rowDimension]);
            using var _ = no_grad();
            _embeddings[t].weight!.copy_(weights);
        }

        // The table's Adagrad settings, epsilon included: with a small initial accumulator, torch's default epsilon
        // (1e-10 against the table's 1e-8) alone makes the two runs drift apart.
        _optimizer = optim.Adagrad(_embeddings.SelectMany(e => e.parameters()), adagrad.LearningRate,
            initial_accumulator_value: adagrad.InitialAccumulator, eps: adagrad.Epsilon);
    }

    public Dictionary<long, int>[] Vocabulary { get; }

    /// <summary>The local table <paramref name="table"/> (rows in vocabulary order).</summary>
    public Embedding Table(int table) => _embeddings[table];

    public Task Fetch(SparseBatch batch) => Task.CompletedTask;

    public Tensor Gather(SparseBatch batch, int table, bool training) => _embeddings[table].forward(batch.IndexTensor(table));

    public void Collect(SparseBatch batch)
    {
    }

    public Task Apply(SparseBatch batch)
    {
        _optimizer.step();
        _optimizer.zero_grad();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var embedding in _embeddings)
        {
            embedding.Dispose();
        }
    }
}
