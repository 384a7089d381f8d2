using ParameterServer.Grains.Telemetry;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// Trains PinnerFormer with its item embeddings in the parameter server and its dense parameters in the dense grains.
/// Each step samples sequences of training users (actions before T only), pulls the step's unique items, trains the
/// chosen loss (sampled softmax over in-batch positives with log-Q correction, plus uniformly sampled negatives) and
/// pushes the item rows' gradients and the dense gradients.
/// </summary>
public sealed class PinnerFormerTrainer : IDisposable
{
    private readonly SequenceData _data;
    private readonly PinnerFormerOptions _options;
    private readonly IEmbeddingStore _items;
    private readonly IDenseStore _dense;
    private readonly DenseParameters _denseParameters;
    private readonly SequenceBatch _batch;
    private readonly Random _random;
    private readonly ItemRows _stepItems;

    private PinnerFormerTrainer(SequenceData data, PinnerFormerOptions options, IEmbeddingStore items, IDenseStore dense)
    {
        options.Validate();
        _data = data;
        _options = options;
        _items = items;
        _dense = dense;
        Model = new PinnerFormerModel(data.Log.ActionTypes, options);
        _denseParameters = new DenseParameters(Model);
        _batch = new SequenceBatch(options.BatchUsers, options.MaxSequence);
        _random = new Random(options.Seed);
        _stepItems = new ItemRows(data.Log.ItemCategories, options);
    }

    public PinnerFormerModel Model { get; }

    public long Steps { get; private set; }

    public static async Task<PinnerFormerTrainer> Connect(SequenceData data, PinnerFormerOptions options, ParameterServerClient sparse, DenseParameterClient dense)
    {
        await sparse.CreateTable(options.TableConfig(options.ItemTable));
        await sparse.CreateTable(options.TableConfig(options.CategoryTable));
        var trainer = new PinnerFormerTrainer(data, options, new TrainingPoolEmbeddings(sparse), new GrainDenseStore(dense, options.DenseModelName));
        var weights = await trainer._dense.Initialize(new DenseModelConfig { Parameters = trainer._denseParameters.Count, LearningRate = options.DenseLearningRate },
            trainer._denseParameters.ReadWeights());
        trainer._denseParameters.Load(weights.Values);
        return trainer;
    }

    /// <summary>Trains <paramref name="steps"/> steps; returns the mean loss.</summary>
    public async Task<double> Train(int steps, CancellationToken cancellationToken = default)
    {
        var sum = 0.0;
        for (var s = 0; s < steps; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Sample();
            _stepItems.Set(_batch.UniqueKeys.ToArray());
            await _stepItems.Pull(_items);
            var loss = Compute();
            sum += loss;
            await _stepItems.Push(_items);
            var weights = await _dense.PushAndPull(Steps, _denseParameters.Gradients);
            _denseParameters.Load(weights.Values);
            Steps++;
            ParameterServerInstruments.RecordTrainerStep(_options.DenseModelName, _batch.PairPositions.Count, loss);
        }

        return sum / Math.Max(1, steps);
    }

    /// <summary>Recall@10, Interest Entropy@50 and P90 Coverage@10 of the held-out users, their embedding taken at T
    /// from their history, ranked against every item (rows from <paramref name="reader"/>, default the training pool).</summary>
    public async Task<RetrievalMetrics> Evaluate(IEmbeddingReader? reader = null)
    {
        var source = reader ?? _items;
        var catalogue = _data.Catalogue;
        var catalogueRows = new ItemRows(_data.Log.ItemCategories, _options);
        catalogueRows.Set(catalogue);
        await catalogueRows.Pull(source);
        using var items = EncodeCatalogue(catalogueRows);
        var sequenceRows = new ItemRows(_data.Log.ItemCategories, _options);
        var rankings = new List<(int, long[])>();
        var users = _data.EvaluationUsers;
        for (var start = 0; start < users.Length; start += _options.BatchUsers)
        {
            var count = Math.Min(_options.BatchUsers, users.Length - start);
            await _batch.LoadSequences(start, count, (b, i) => Fill(b, users[i], _data.HistoryLength[users[i]] - 1), sequenceRows, source);
            var scores = Score(items, sequenceRows, count);
            for (var b = 0; b < count; b++)
            {
                var u = users[start + b];
                rankings.Add((u, Top(scores, b * catalogue.Length, catalogue, _data.History(u), RetrievalMetrics.EntropyK)));
            }
        }

        return RetrievalMetrics.Compute(_data, rankings);
    }

    /// <summary>User embeddings, <see cref="PinnerFormerOptions.OutputDimension"/> floats each in the given order, of
    /// each user's sequence ending at event <c>End</c> (inclusive, an index into <see cref="SequenceData.Events"/>), rows
    /// from <paramref name="reader"/> (default the training pool).</summary>
    public async Task<float[]> EmbedAt(IReadOnlyList<(int User, int End)> sequences, IEmbeddingReader? reader = null)
    {
        var source = reader ?? _items;
        var d = _options.OutputDimension;
        var result = new float[sequences.Count * d];
        var rows = new ItemRows(_data.Log.ItemCategories, _options);
        for (var start = 0; start < sequences.Count; start += _options.BatchUsers)
        {
            var count = Math.Min(_options.BatchUsers, sequences.Count - start);
            await _batch.LoadSequences(start, count, (b, i) => Fill(b, sequences[i].User, sequences[i].End), rows, source);
            _batch.WriteLastEmbeddings(Model, rows, count, result.AsSpan(start * d, count * d));
        }

        return result;
    }

    /// <summary>Item-tower embeddings of <see cref="SequenceData.Catalogue"/>, in its order.</summary>
    public async Task<float[]> ItemEmbeddings(IEmbeddingReader? reader = null)
    {
        var rows = new ItemRows(_data.Log.ItemCategories, _options);
        rows.Set(_data.Catalogue);
        await rows.Pull(reader ?? _items);
        using var items = EncodeCatalogue(rows);
        var result = new float[_data.Catalogue.Length * _options.OutputDimension];
        TensorData.CopyTo(items, result);
        return result;
    }

    public void Dispose() => Model.Dispose();

    // Torch's dispose scopes and grad mode belong to a thread, so the compute runs in synchronous methods between awaits.
    private Tensor EncodeCatalogue(ItemRows rows)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Model.EncodeItems(rows.Combine(training: false)).MoveToOuterDisposeScope();
    }

    /// <summary>[users × catalogue] similarities of the batch's users (embedding at their last position) to every item.</summary>
    private float[] Score(Tensor items, ItemRows sequenceRows, int users)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var userVectors = _batch.UserEmbeddings(Model, sequenceRows.Combine(training: false), users).select(1, _options.MaxSequence - 1);
        return userVectors.matmul(items.t()).data<float>().ToArray();
    }

    private static long[] Top(float[] scores, int offset, long[] catalogue, HashSet<long> exclude, int k)
    {
        var order = Enumerable.Range(0, catalogue.Length).Where(i => !exclude.Contains(catalogue[i])).ToArray();
        var keys = order.Select(i => -scores[offset + i]).ToArray();
        Array.Sort(keys, order);
        return order.Take(k).Select(i => catalogue[i]).ToArray();
    }

    private float Compute()
    {
        using var scope = NewDisposeScope();
        var rows = _stepItems.Combine(training: true);
        var users = _batch.UserEmbeddings(Model, rows, _options.BatchUsers);
        var pairs = tensor(_batch.PairPositions.ToArray());
        var u = users.view(-1, _options.OutputDimension).index_select(0, pairs);
        var v = Model.EncodeItems(rows.index_select(0, tensor(_batch.PairTargets.ToArray())));
        var n = Model.EncodeItems(rows.index_select(0, tensor(_batch.Negatives.ToArray())));
        var temperature = Model.Temperature;
        var targetKeys = tensor(_batch.PairTargetKeys.ToArray());

        // In-batch: every pair's target is a negative for the others, corrected by log Q(item); the same item as the
        // own positive is not a negative.
        var p = targetKeys.shape[0];
        var inBatch = u.matmul(v.t()) / temperature - tensor(_batch.PairLogQ.ToArray()).unsqueeze(0);
        var sameItem = targetKeys.unsqueeze(1).eq(targetKeys.unsqueeze(0)).logical_and(eye(p, dtype: ScalarType.Bool).logical_not());
        inBatch = inBatch.MaskedFill(sameItem, double.NegativeInfinity);
        var labels = arange(p, dtype: ScalarType.Int64);
        var inBatchLoss = nn.functional.cross_entropy(inBatch, labels);

        // Uniform random negatives: Q is the same for all, so no correction.
        var positive = (u * v).sum(1, keepdim: true) / temperature;
        var negatives = u.matmul(n.t()) / temperature;
        var collision = targetKeys.unsqueeze(1).eq(tensor(_batch.NegativeKeys.ToArray()).unsqueeze(0));
        negatives = negatives.MaskedFill(collision, double.NegativeInfinity);
        var randomLoss = nn.functional.cross_entropy(cat([positive, negatives], 1), zeros(p, dtype: ScalarType.Int64));

        var loss = inBatchLoss + randomLoss;
        Model.zero_grad();
        loss.backward();
        _stepItems.Collect();
        _denseParameters.ReadGradients();
        return loss.item<float>();
    }

    /// <summary>Samples the step's sequences and the loss's (position, target) pairs, then random negatives.</summary>
    private void Sample()
    {
        _batch.Clear();
        var log = _data.Log;
        for (var b = 0; b < _options.BatchUsers; b++)
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var u = _data.TrainingUsers[_random.Next(_data.TrainingUsers.Length)];
                var n = _data.HistoryLength[u];
                var end = _random.Next(n - 1);
                var before = _batch.PairPositions.Count;
                var start = Math.Max(0, end - _options.MaxSequence + 1);
                var offset = _options.MaxSequence - (end - start + 1);
                var events = _data.Events[u];
                switch (_options.Loss)
                {
                    case PinnerFormerLoss.DenseAllAction:
                        for (var p = start; p <= end; p++)
                        {
                            var target = RandomFuturePositive(events, p, n);
                            if (target >= 0)
                            {
                                AddPair(b * _options.MaxSequence + offset + p - start, log.Items[events[target]]);
                            }
                        }

                        break;
                    case PinnerFormerLoss.AllAction:
                        var window = FuturePositives(events, end, n).ToArray();
                        _random.Shuffle(window);
                        foreach (var q in window.Take(_options.AllActionTargets))
                        {
                            AddPair(b * _options.MaxSequence + _options.MaxSequence - 1, log.Items[events[q]]);
                        }

                        break;
                    case PinnerFormerLoss.NextAction:
                        for (var q = end + 1; q < n; q++)
                        {
                            if (log.IsPositive(events[q]))
                            {
                                AddPair(b * _options.MaxSequence + _options.MaxSequence - 1, log.Items[events[q]]);
                                break;
                            }
                        }

                        break;
                }

                if (_batch.PairPositions.Count > before)
                {
                    Fill(b, u, end);
                    break;
                }
            }
        }

        for (var r = 0; r < _options.RandomNegatives; r++)
        {
            var key = _data.Catalogue[_random.Next(_data.Catalogue.Length)];
            _batch.NegativeKeys.Add(key);
            _batch.Negatives.Add(_batch.Index(key));
        }

        _batch.PointPaddingAtZeroRow();
    }

    private void AddPair(long position, long item)
    {
        _batch.PairPositions.Add(position);
        _batch.PairTargets.Add(_batch.Index(item));
        _batch.PairTargetKeys.Add(item);
        var q = (_data.PositiveCounts.GetValueOrDefault(item) + 1.0) / (_data.TrainingPositives + _data.Catalogue.Length);
        _batch.PairLogQ.Add((float)Math.Log(q));
    }

    /// <summary>Positives after position <paramref name="p"/> within the window, among the first <paramref name="n"/> events.</summary>
    private IEnumerable<int> FuturePositives(int[] events, int p, int n)
    {
        var limit = _data.Log.Timestamps[events[p]] + _data.WindowSeconds;
        for (var q = p + 1; q < n && _data.Log.Timestamps[events[q]] <= limit; q++)
        {
            if (_data.Log.IsPositive(events[q]))
            {
                yield return q;
            }
        }
    }

    private int RandomFuturePositive(int[] events, int p, int n)
    {
        // Reservoir sampling: one uniform choice without materialising the window.
        var chosen = -1;
        var seen = 0;
        foreach (var q in FuturePositives(events, p, n))
        {
            if (_random.Next(++seen) == 0)
            {
                chosen = q;
            }
        }

        return chosen;
    }

    /// <summary>Writes user <paramref name="u"/>'s last M actions up to <paramref name="end"/> right-aligned into row <paramref name="b"/>.</summary>
    private void Fill(int b, int u, int end)
    {
        var events = _data.Events[u];
        var start = Math.Max(0, end - _options.MaxSequence + 1);
        var offset = _options.MaxSequence - (end - start + 1);
        for (var p = start; p <= end; p++)
        {
            var slot = b * _options.MaxSequence + offset + p - start;
            var e = events[p];
            _batch.ItemIndex[slot] = _batch.Index(_data.Log.Items[e]);
            _batch.Actions[slot] = _data.Log.Actions[e];
            _batch.Real[slot] = true;
            var previous = p > 0 ? _data.Log.Timestamps[events[p - 1]] : _data.Log.Timestamps[e];
            _data.TimeFeaturesOf(e, previous, _batch.Time.AsSpan(slot * SequenceData.TimeFeatures, SequenceData.TimeFeatures));
        }
    }
}
