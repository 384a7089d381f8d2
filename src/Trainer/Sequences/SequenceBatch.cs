using ParameterServer.Trainer.Models;
using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// One PinnerFormer step's inputs: right-aligned action sequences (item keys, action types, time features, a real
/// flag), the (position, target item) pairs the chosen loss trains, uniformly sampled negatives, and the step's unique
/// items (what is pulled from and pushed to the parameter server) with every key's index among them.
/// </summary>
internal sealed class SequenceBatch
{
    private readonly Dictionary<long, int> _unique = [];

    public SequenceBatch(int users, int length)
    {
        Users = users;
        Length = length;
        ItemIndex = new long[users * length];
        Actions = new long[users * length];
        Time = new float[users * length * SequenceData.TimeFeatures];
        Real = new bool[users * length];
    }

    public int Users { get; }

    public int Length { get; }

    /// <summary>[Users × Length] index into <see cref="UniqueKeys"/>; padding points one past the last unique item.</summary>
    public long[] ItemIndex { get; }

    public long[] Actions { get; }

    public float[] Time { get; }

    public bool[] Real { get; }

    public List<long> PairPositions { get; } = [];

    public List<long> PairTargets { get; } = [];

    public List<long> PairTargetKeys { get; } = [];

    public List<float> PairLogQ { get; } = [];

    public List<long> Negatives { get; } = [];

    public List<long> NegativeKeys { get; } = [];

    public List<long> UniqueKeys { get; } = [];

    public void Clear()
    {
        _unique.Clear();
        UniqueKeys.Clear();
        PairPositions.Clear();
        PairTargets.Clear();
        PairTargetKeys.Clear();
        PairLogQ.Clear();
        Negatives.Clear();
        NegativeKeys.Clear();
        Array.Clear(Real);
        Array.Clear(Actions);
        Array.Clear(Time);
    }

    /// <summary>Index of <paramref name="key"/> among the step's unique items, adding it when new.</summary>
    public int Index(long key)
    {
        if (!_unique.TryGetValue(key, out var index))
        {
            index = UniqueKeys.Count;
            _unique[key] = index;
            UniqueKeys.Add(key);
        }

        return index;
    }

    /// <summary>[users, Length, output] embeddings of the first <paramref name="users"/> sequences, over
    /// <paramref name="rows"/> (the unique items' representations, in <see cref="UniqueKeys"/> order).</summary>
    public Tensor UserEmbeddings(PinnerFormerModel model, Tensor rows, int users)
    {
        var d = rows.shape[1];
        var padded = cat([rows, zeros(1, d)], 0);
        var sequence = padded.index_select(0, TensorData.Longs(ItemIndex, users * Length, users * Length)).view(users, Length, d);
        var actions = TensorData.Longs(Actions, users * Length, users, Length);
        var time = TensorData.Floats(Time, users * Length * SequenceData.TimeFeatures, users, Length, SequenceData.TimeFeatures);
        var real = tensor(Real.AsSpan(0, users * Length).ToArray(), [users, Length]);
        return model.forward(sequence, actions, time, real);
    }

    /// <summary>Writes the first <paramref name="users"/> sequences' embeddings at the last position (no gradients).</summary>
    public void WriteLastEmbeddings(PinnerFormerModel model, ItemRows rows, int users, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var last = UserEmbeddings(model, rows.Combine(training: false), users).select(1, Length - 1).contiguous();
        TensorData.CopyTo(last, destination);
    }

    /// <summary>Fills the first <paramref name="count"/> slots, slot b with sequence <paramref name="first"/> + b by
    /// <paramref name="fill"/>(b, sequence), points padding at the zero row and pulls the batch's items into
    /// <paramref name="rows"/>: what every forward pass over given sequences needs first.</summary>
    public Task LoadSequences(int first, int count, Action<int, int> fill, ItemRows rows, IEmbeddingReader reader)
    {
        Clear();
        for (var b = 0; b < count; b++)
        {
            fill(b, first + b);
        }

        rows.Set(UniqueKeys.ToArray());
        PointPaddingAtZeroRow();
        return rows.Pull(reader);
    }

    /// <summary>Points every padded slot at the zero row appended after the unique items.</summary>
    public void PointPaddingAtZeroRow()
    {
        for (var i = 0; i < Real.Length; i++)
        {
            if (!Real[i])
            {
                ItemIndex[i] = UniqueKeys.Count;
            }
        }
    }
}
