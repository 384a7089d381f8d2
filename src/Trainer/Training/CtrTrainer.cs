using System.Diagnostics;
using ParameterServer.Grains.Telemetry;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Models;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>
/// Trains DeepFM on a <see cref="CtrDataset"/>. Each step: collect the batch's unique IDs per table, pull their rows,
/// make them leaf tensors with <c>requires_grad</c>, forward and backward, push the rows' gradients, and push the dense
/// gradients to the dense store (pulling weights back every <see cref="CtrTrainerOptions.PullEvery"/> steps). With
/// <see cref="CtrTrainerOptions.Overlap"/>, the next batch's pull and this batch's push run during compute.
/// </summary>
public sealed class CtrTrainer : IDisposable
{
    private const int RecentExamples = 20_000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private static readonly Task<DenseWeights?> NoDenseUpdate = Task.FromResult<DenseWeights?>(null);

    private readonly CtrSchema _schema;
    private readonly CtrTrainerOptions _options;
    private readonly ISparseSide _sparse;
    private readonly IDenseStore _dense;
    private readonly CtrInputs _inputs;
    private readonly DenseParameters _denseParameters;
    private readonly SparseBatch[] _batches;
    private readonly Tensor[] _gathered;
    private readonly float[] _recentScores = new float[RecentExamples];
    private readonly float[] _recentLabels = new float[RecentExamples];
    private readonly float[] _scores;
    private long _recentCount;
    private long _step;
    private long _examples;

    private CtrTrainer(CtrSchema schema, CtrTrainerOptions options, ISparseSide sparse, IDenseStore dense)
    {
        options.Validate();
        _schema = schema;
        _options = options;
        _sparse = sparse;
        _dense = dense;
        Model = new DeepFm(schema.Fields.Count, schema.DenseCount, options.Model);
        _inputs = new CtrInputs(schema, options.Model.EmbeddingDimension);
        _denseParameters = new DenseParameters(Model);
        _batches = Enumerable.Range(0, 3).Select(_ => new SparseBatch(schema, options.Model.RowDimension, options.BatchSize)).ToArray();
        _gathered = new Tensor[schema.Tables.Length];
        _scores = new float[options.BatchSize];
    }

    public DeepFm Model { get; }

    public CtrSchema Schema => _schema;

    /// <summary>Version of the dense weights the model holds.</summary>
    public long DenseVersion { get; private set; }

    /// <summary>
    /// A trainer whose embeddings live in the cluster's training pool and dense parameters in its dense grains. Creates
    /// the tables and the dense model, or joins them when they exist (a restarted trainer continues from them).
    /// </summary>
    public static async Task<CtrTrainer> Connect(CtrSchema schema, CtrTrainerOptions options, ParameterServerClient sparse, DenseParameterClient dense)
    {
        foreach (var table in schema.Tables)
        {
            await sparse.CreateTable(options.TableConfig(table));
        }

        var store = new TrainingPoolEmbeddings(sparse);
        var trainer = new CtrTrainer(schema, options, new ParameterServerSide(store, store, options.Model.RowDimension, schema.Tables.Length),
            new GrainDenseStore(dense, options.DenseModelName));
        await trainer.InitializeDense();
        return trainer;
    }

    /// <summary>The baseline: the same model with local <c>nn.Embedding</c> tables (a vocabulary over
    /// <paramref name="data"/>) and the same Adam in this process.</summary>
    public static async Task<CtrTrainer> Local(CtrSchema schema, CtrTrainerOptions options, params CtrDataset[] data)
    {
        var side = new LocalEmbeddingSide(schema, data, options.Model.RowDimension, options.Initializer, options.TableConfig(schema.Tables[0]).Embedding.Optimizer);
        var trainer = new CtrTrainer(schema, options, side, new LocalDenseStore());
        await trainer.InitializeDense();
        return trainer;
    }

    /// <summary>Trains one pass over <paramref name="order"/> (example indices) in batches.</summary>
    public async Task Train(CtrDataset data, int[] order, Action<CtrProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var batchCount = (order.Length + _options.BatchSize - 1) / _options.BatchSize;
        if (batchCount == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        var startExamples = _examples;
        var lossSum = 0.0;
        var lossCount = 0;
        var pushes = new Task[_batches.Length];
        Array.Fill(pushes, Task.CompletedTask);
        Task Prepare(int k)
        {
            var batch = _batches[k % _batches.Length];
            var start = k * _options.BatchSize;
            batch.Prepare(data, order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)), _sparse.Vocabulary);
            return _sparse.Fetch(batch);
        }

        var fetch = Prepare(0);
        var dense = NoDenseUpdate;
        try
        {
            for (var k = 0; k < batchCount; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await fetch;
                var batch = _batches[k % _batches.Length];
                if (_options.Overlap && k + 1 < batchCount)
                {
                    // The next batch's buffers were last used two steps ago: its push must be done before they are reused.
                    await pushes[(k + 1) % _batches.Length];
                    fetch = Prepare(k + 1);
                }

                // The previous step's dense update, sent during this step's pull, is applied before compute.
                ApplyDense(await dense);
                var loss = Compute(batch);
                lossSum += loss;
                lossCount++;
                pushes[k % _batches.Length] = _sparse.Apply(batch);
                dense = StepDense();
                if (!_options.Overlap)
                {
                    ApplyDense(await dense);
                    dense = NoDenseUpdate;
                }

                if (!_options.Overlap)
                {
                    await pushes[k % _batches.Length];
                    if (k + 1 < batchCount)
                    {
                        fetch = Prepare(k + 1);
                    }
                }

                _step++;
                _examples += batch.Size;
                ParameterServerInstruments.RecordTrainerStep(_options.DenseModelName, batch.Size, loss);
                if (progress is not null && (clock.Elapsed - reported > ProgressInterval || k == batchCount - 1))
                {
                    reported = clock.Elapsed;
                    progress(new CtrProgress(_step, _examples, lossSum / lossCount, RecentAuc(),
                        (_examples - startExamples) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
                }

                if (lossCount == 50)
                {
                    lossSum = 0;
                    lossCount = 0;
                }
            }
        }
        finally
        {
            // A cancelled or failed run still lets its in-flight pulls and pushes land before it returns, so the
            // cluster holds every applied step and nothing of this run changes the tables afterwards.
            await Task.WhenAll(pushes.Append(fetch).Append(dense).Where(p => !p.IsCompleted)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (dense.IsCompletedSuccessfully)
            {
                ApplyDense(dense.Result);
            }
        }
    }

    /// <summary>Probabilities for <paramref name="examples"/>, with rows from <paramref name="reader"/> (default: where
    /// the trainer's own rows live). Nothing is trained.</summary>
    public async Task<float[]> Predict(CtrDataset data, int[] examples, IEmbeddingReader? reader = null)
    {
        using var side = reader is null ? null : new ParameterServerSide(reader, null, _options.Model.RowDimension, _schema.Tables.Length);
        ISparseSide source = side ?? _sparse;
        var batch = new SparseBatch(_schema, _options.Model.RowDimension, _options.BatchSize);
        var probabilities = new float[examples.Length];
        for (var start = 0; start < examples.Length; start += _options.BatchSize)
        {
            var size = Math.Min(_options.BatchSize, examples.Length - start);
            batch.Prepare(data, examples.AsSpan(start, size), source.Vocabulary);
            await source.Fetch(batch);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logits = Forward(batch, source, training: false);
            TensorData.CopyTo(logits.sigmoid(), probabilities.AsSpan(start, size));
        }

        return probabilities;
    }

    /// <summary>As <see cref="Predict"/> with other dense <paramref name="weights"/> (the serving version); the model's own
    /// weights are restored afterwards.</summary>
    public async Task<float[]> PredictWith(DenseWeights weights, CtrDataset data, int[] examples, IEmbeddingReader reader)
    {
        var own = _denseParameters.ReadWeights();
        _denseParameters.Load(weights.Values);
        try
        {
            return await Predict(data, examples, reader);
        }
        finally
        {
            _denseParameters.Load(own);
        }
    }

    /// <summary>AUC and log loss on examples [start, end), beside the popularity baseline of [0, trainEnd).</summary>
    public async Task<CtrMetrics> Evaluate(CtrDataset data, int trainEnd, int start, int end, IEmbeddingReader? reader = null)
    {
        var probabilities = await Predict(data, CtrDataset.Range(start, end), reader);
        var metrics = new CtrPopularity(data, trainEnd).Evaluate(data, start, end, probabilities);
        ParameterServerInstruments.RecordTrainerAuc(_options.DenseModelName, metrics.Auc);
        return metrics;
    }

    /// <summary>One unpipelined step's loss and gradients, without applying them: <paramref name="examples"/>' rows are
    /// fetched, and the batch's sparse gradients (per table, per unique ID) and the dense gradients are returned.</summary>
    internal ISparseSide Sparse => _sparse;

    internal async Task<(float Loss, SparseBatch Batch, float[] DenseGradients)> Gradients(CtrDataset data, int[] examples)
    {
        var batch = new SparseBatch(_schema, _options.Model.RowDimension, examples.Length);
        batch.Prepare(data, examples, _sparse.Vocabulary);
        await _sparse.Fetch(batch);
        var loss = Compute(batch);
        return (loss, batch, _denseParameters.Gradients.ToArray());
    }

    public void Dispose()
    {
        _sparse.Dispose();
        _inputs.Dispose();
        Model.Dispose();
    }

    private async Task InitializeDense()
    {
        var weights = await _dense.Initialize(_options.DenseConfig(_denseParameters.Count), _denseParameters.ReadWeights());
        _denseParameters.Load(weights.Values);
        DenseVersion = weights.Version;
    }

    private float Compute(SparseBatch batch)
    {
        using var scope = NewDisposeScope();
        var logits = Forward(batch, _sparse, training: true);
        using var labels = TensorData.Floats(batch.Labels, batch.Size, batch.Size);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, labels);
        Model.zero_grad();
        loss.backward();
        _sparse.Collect(batch);
        _denseParameters.ReadGradients();
        Remember(logits, batch);
        return loss.item<float>();
    }

    private Tensor Forward(SparseBatch batch, ISparseSide side, bool training)
    {
        for (var t = 0; t < _gathered.Length; t++)
        {
            _gathered[t] = side.Gather(batch, t, training);
        }

        var weights = TensorData.Floats(batch.Weights, batch.Size * _schema.SlotCount, batch.Size, _schema.SlotCount);
        var dense = TensorData.Floats(batch.Dense, batch.Size * _schema.DenseCount, batch.Size, _schema.DenseCount);
        var (embeddings, firstOrder) = _inputs.Assemble(_gathered, weights, batch.Size);
        return Model.forward(embeddings, firstOrder, dense);
    }

    /// <summary>Sends this step's dense gradients; the task yields the new weights when this step pulls them.</summary>
    private Task<DenseWeights?> StepDense()
    {
        var gradients = _denseParameters.Gradients;
        return (_step + 1) % _options.PullEvery == 0
            ? Pulled(_dense.PushAndPull(DenseVersion, gradients))
            : PushOnly(_dense.Push(DenseVersion, gradients));

        static async Task<DenseWeights?> Pulled(Task<DenseWeights> pull) => await pull;

        static async Task<DenseWeights?> PushOnly(Task<long> push)
        {
            await push;
            return null;
        }
    }

    private void ApplyDense(DenseWeights? weights)
    {
        if (weights is not null)
        {
            _denseParameters.Load(weights.Values);
            DenseVersion = weights.Version;
        }
    }

    private void Remember(Tensor logits, SparseBatch batch)
    {
        using var _ = no_grad();
        var scores = _scores.AsSpan(0, batch.Size);
        TensorData.CopyTo(logits.detach(), scores);
        for (var i = 0; i < batch.Size; i++)
        {
            var slot = (int)(_recentCount++ % RecentExamples);
            _recentScores[slot] = scores[i];
            _recentLabels[slot] = batch.Labels[i];
        }
    }

    private double RecentAuc()
    {
        var count = (int)Math.Min(_recentCount, RecentExamples);
        return Auc.Compute(_recentScores.AsSpan(0, count), _recentLabels.AsSpan(0, count));
    }
}
