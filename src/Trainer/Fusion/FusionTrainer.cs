using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Fusion;

/// <summary>
/// Trains the serving fusion's weights (<see cref="QueryFusionModel"/>, from the default weights) through the dense
/// grains, on <see cref="FusionExample"/>s, with a sampled softmax over the scores <c>[q, 1]·row</c> the item table's
/// top-k uses: the batch's targets (the same item as the own target masked) and uniformly sampled items as candidates.
/// The item rows (embedding and bias) are fixed: they belong to the CTR model.
/// </summary>
public sealed class FusionTrainer : IDisposable
{
    private readonly QueryFusionModel _model;
    private readonly DenseParameters _parameters;
    private readonly IDenseStore _dense;
    private readonly long[] _catalogue;
    private readonly Dictionary<long, int> _index;
    private readonly float[] _rows;
    private readonly int _stride;
    private readonly int _dimension;
    private readonly int _longTermDimension;
    private readonly int _sequenceLength;
    private readonly Random _random;

    private FusionTrainer(IDenseStore dense, long[] catalogue, float[] rows, int stride, int longTermDimension, int sequenceLength, int seed)
    {
        _dense = dense;
        _catalogue = catalogue;
        _index = catalogue.Select((item, i) => (item, i)).ToDictionary(x => x.item, x => x.i);
        _rows = rows;
        _stride = stride;
        _dimension = stride - 1;
        _longTermDimension = longTermDimension;
        _sequenceLength = sequenceLength;
        _random = new Random(seed);
        _model = new QueryFusionModel(_dimension, longTermDimension);
        _parameters = new DenseParameters(_model);
    }

    /// <param name="rows">the catalogue's item-table rows, <paramref name="stride"/> floats each: D embedding floats, then the bias</param>
    public static async Task<FusionTrainer> Connect(
        DenseParameterClient dense, string model, float learningRate, long[] catalogue, float[] rows, int stride, int longTermDimension, int sequenceLength, int seed = 3)
    {
        var trainer = new FusionTrainer(new GrainDenseStore(dense, model), catalogue, rows, stride, longTermDimension, sequenceLength, seed);
        var weights = await trainer._dense.Initialize(new DenseModelConfig { Parameters = trainer._parameters.Count, LearningRate = learningRate },
            trainer._parameters.ReadWeights());
        trainer._parameters.Load(weights.Values);
        return trainer;
    }

    /// <summary>Trains <paramref name="steps"/> steps of <paramref name="batch"/> random examples; returns the mean loss.</summary>
    public async Task<double> Train(IReadOnlyList<FusionExample> examples, int steps, int batch, int negatives)
    {
        var sum = 0.0;
        long version = 0;
        for (var s = 0; s < steps; s++)
        {
            var chosen = Enumerable.Range(0, batch).Select(_ => examples[_random.Next(examples.Count)]).ToArray();
            var sampled = Enumerable.Range(0, negatives).Select(_ => _random.Next(_catalogue.Length)).ToArray();
            sum += Step(chosen, sampled);
            var weights = await _dense.PushAndPull(version, _parameters.Gradients);
            version = weights.Version;
            _parameters.Load(weights.Values);
        }

        return sum / Math.Max(1, steps);
    }

    /// <summary>Share of the examples whose target is in the top 10 of all items by <c>[q, 1]·row</c>, the sequence's
    /// items excluded (as <c>Recommend(k, excludeSeen: true)</c>), with the given weights (default: the current ones).</summary>
    public double RecallAt10(IReadOnlyList<FusionExample> examples, float[]? weights = null)
    {
        var current = _parameters.ReadWeights();
        if (weights is not null)
        {
            _parameters.Load(weights);
        }

        var hits = 0;
        var scores = new float[_catalogue.Length];
        foreach (var chunk in examples.Chunk(256))
        {
            var queries = Queries(chunk);
            for (var e = 0; e < chunk.Length; e++)
            {
                var query = queries.AsSpan(e * _dimension, _dimension);
                for (var c = 0; c < _catalogue.Length; c++)
                {
                    var row = _rows.AsSpan(c * _stride, _stride);
                    scores[c] = System.Numerics.Tensors.TensorPrimitives.Dot(query, row[.._dimension]) + row[_dimension];
                }

                var exclude = chunk[e].Sequence.Select(item => _index[item]).ToHashSet();
                hits += TopTen.Contains(scores, _index[chunk[e].Target], exclude) ? 1 : 0;
            }
        }

        _parameters.Load(current);
        return hits / (double)Math.Max(1, examples.Count);
    }

    public void Dispose() => _model.Dispose();

    private float[] Queries(FusionExample[] examples)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var result = new float[examples.Length * _dimension];
        TensorData.CopyTo(Forward(examples).contiguous(), result);
        return result;
    }

    private float Step(FusionExample[] examples, int[] sampled)
    {
        using var scope = NewDisposeScope();
        var queries = Forward(examples);
        var targets = examples.Select(e => (long)_index[e.Target]).ToArray();
        var candidates = tensor(targets.Concat(sampled.Select(i => (long)i)).ToArray());
        var table = tensor(_rows, [_catalogue.Length, _stride]).index_select(0, candidates);
        var logits = queries.matmul(table.narrow(1, 0, _dimension).t()) + table.select(1, _dimension).unsqueeze(0);

        // A candidate that is the example's own target item, other than its own column, is not a negative.
        var own = tensor(targets).unsqueeze(1);
        var same = own.eq(candidates.unsqueeze(0)).logical_and(eye(examples.Length, candidates.shape[0], dtype: ScalarType.Bool).logical_not());
        var loss = nn.functional.cross_entropy(logits.MaskedFill(same, double.NegativeInfinity), arange(examples.Length, dtype: ScalarType.Int64));
        _model.zero_grad();
        loss.backward();
        _parameters.ReadGradients();
        return loss.item<float>();
    }

    /// <summary>[B, D] queries of the examples: their last <c>sequenceLength</c> items' rows right-aligned.</summary>
    private Tensor Forward(FusionExample[] examples)
    {
        var b = examples.Length;
        var m = _sequenceLength;
        var longTerm = new float[b * _longTermDimension];
        var has = new bool[b];
        var rows = new float[b * m * _dimension];
        var real = new bool[b * m];
        for (var e = 0; e < b; e++)
        {
            if (examples[e].LongTerm is { } vector)
            {
                vector.CopyTo(longTerm, e * _longTermDimension);
                has[e] = true;
            }

            var sequence = examples[e].Sequence.AsSpan(Math.Max(0, examples[e].Sequence.Length - m));
            var offset = m - sequence.Length;
            for (var j = 0; j < sequence.Length; j++)
            {
                _rows.AsSpan(_index[sequence[j]] * _stride, _dimension).CopyTo(rows.AsSpan((e * m + offset + j) * _dimension, _dimension));
                real[e * m + offset + j] = true;
            }
        }

        return _model.forward(tensor(longTerm, [b, _longTermDimension]), tensor(has), tensor(rows, [b, m, _dimension]), tensor(real, [b, m]));
    }
}
