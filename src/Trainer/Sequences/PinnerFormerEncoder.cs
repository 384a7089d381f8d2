using ParameterServer.Realtime;
using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// PinnerFormer's user tower over sequences outside a training log (a user grain's realtime actions): a trained model's
/// dense weights, item rows from a reader (the same tables the trainer uses), and the item categories of the data it was
/// trained on. One caller at a time.
/// </summary>
public sealed class PinnerFormerEncoder : IDisposable
{
    private readonly PinnerFormerOptions _options;
    private readonly int _actionTypes;
    private readonly IEmbeddingReader _reader;
    private readonly PinnerFormerModel _model;
    private readonly SequenceBatch _batch;
    private readonly ItemRows _rows;

    public PinnerFormerEncoder(PinnerFormerOptions options, int actionTypes, IReadOnlyDictionary<long, long[]> itemCategories, ReadOnlySpan<float> weights, IEmbeddingReader reader)
    {
        _options = options;
        _actionTypes = actionTypes;
        _reader = reader;
        _model = new PinnerFormerModel(actionTypes, options);
        var parameters = new DenseParameters(_model);
        if (weights.Length != parameters.Count)
        {
            _model.Dispose();
            throw new ArgumentException($"Model '{options.DenseModelName}' has {weights.Length} weights; PinnerFormer with these options and " +
                $"{actionTypes} action types has {parameters.Count}: give the data it was trained on.", nameof(weights));
        }

        parameters.Load(weights);
        _batch = new SequenceBatch(options.BatchUsers, options.MaxSequence);
        _rows = new ItemRows(itemCategories, options);
    }

    /// <summary>Floats per user embedding.</summary>
    public int Dimension => _options.OutputDimension;

    /// <summary>The model as serving has it: dense weights from the serving dense grain, item rows from the serving pool.</summary>
    public static async Task<PinnerFormerEncoder> FromServing(
        DenseParameterClient dense, ParameterServerClient sparse, PinnerFormerOptions options, int actionTypes, IReadOnlyDictionary<long, long[]> itemCategories)
    {
        var weights = await dense.GetServing(options.DenseModelName);
        return new PinnerFormerEncoder(options, actionTypes, itemCategories, weights.Values, new ServingPoolEmbeddings(sparse));
    }

    /// <summary>Each sequence's embedding at its last action (oldest first; the last M count), <see cref="Dimension"/>
    /// floats each, in order.</summary>
    public async Task<float[]> Embed(IReadOnlyList<UserAction[]> sequences)
    {
        var d = Dimension;
        var result = new float[sequences.Count * d];
        for (var start = 0; start < sequences.Count; start += _options.BatchUsers)
        {
            var count = Math.Min(_options.BatchUsers, sequences.Count - start);
            await _batch.LoadSequences(start, count, (b, i) => Fill(b, sequences[i]), _rows, _reader);
            _batch.WriteLastEmbeddings(_model, _rows, count, result.AsSpan(start * d, count * d));
        }

        return result;
    }

    public void Dispose() => _model.Dispose();

    /// <summary>As the trainer fills a log's sequence: right-aligned, the gap feature from the action before (none: 0).</summary>
    private void Fill(int b, UserAction[] actions)
    {
        if (actions.Length == 0)
        {
            throw new ArgumentException("A user with no action has no PinnerFormer embedding.", nameof(actions));
        }

        var m = _options.MaxSequence;
        var start = Math.Max(0, actions.Length - m);
        var offset = m - (actions.Length - start);
        for (var p = start; p < actions.Length; p++)
        {
            var slot = b * m + offset + p - start;
            var action = actions[p];
            _batch.ItemIndex[slot] = _batch.Index(action.ItemId);
            _batch.Actions[slot] = ActionCodes.Of(action, _actionTypes);
            _batch.Real[slot] = true;
            var previous = p > 0 ? actions[p - 1].TimestampMs : action.TimestampMs;
            SequenceData.TimeFeaturesAt(action.TimestampMs / 1000, previous / 1000, _batch.Time.AsSpan(slot * SequenceData.TimeFeatures, SequenceData.TimeFeatures));
        }
    }
}
