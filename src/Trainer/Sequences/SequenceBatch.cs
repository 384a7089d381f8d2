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
