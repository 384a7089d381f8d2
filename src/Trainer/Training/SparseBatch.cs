using ParameterServer.Trainer.Features;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Training;

/// <summary>
/// One mini-batch's sparse side, in reusable buffers: per table the batch's unique IDs (what is pulled and pushed),
/// each slot's index into them, the pulled rows and, after a backward pass, the rows' gradients; plus the batch's
/// labels, slot weights (grouped by table) and dense features. After warm-up, preparing a batch allocates nothing.
/// </summary>
internal sealed class SparseBatch
{
    private readonly CtrSchema _schema;
    private readonly int _rowDimension;
    private readonly Dictionary<long, int>[] _unique;
    private readonly int[] _positions;

    public SparseBatch(CtrSchema schema, int rowDimension, int capacity)
    {
        _schema = schema;
        _rowDimension = rowDimension;
        Capacity = capacity;
        var tables = schema.Tables.Length;
        _unique = new Dictionary<long, int>[tables];
        _positions = new int[tables];
        UniqueKeys = new long[tables][];
        UniqueCounts = new int[tables];
        SlotIndex = new long[tables][];
        Rows = new float[tables][];
        Gradients = new float[tables][];
        for (var t = 0; t < tables; t++)
        {
            var slots = capacity * schema.TableSlots[t].Length;
            _unique[t] = new Dictionary<long, int>(slots);
            UniqueKeys[t] = new long[slots];
            SlotIndex[t] = new long[slots];
            Rows[t] = new float[slots * rowDimension];
            Gradients[t] = new float[slots * rowDimension];
        }

        Labels = new float[capacity];
        Weights = new float[capacity * schema.SlotCount];
        Dense = new float[capacity * schema.DenseCount];
    }

    public int Capacity { get; }

    /// <summary>Examples in the batch.</summary>
    public int Size { get; private set; }

    public long[][] UniqueKeys { get; }

    public int[] UniqueCounts { get; }

    /// <summary>Per table, B × (the table's slots) indices into its unique rows (or into a local vocabulary).</summary>
    public long[][] SlotIndex { get; }

    public float[][] Rows { get; }

    public float[][] Gradients { get; }

    public float[] Labels { get; }

    /// <summary>B × slots, the slots grouped by table (the order <see cref="CtrInputs"/> concatenates them in).</summary>
    public float[] Weights { get; }

    public float[] Dense { get; }

    /// <summary>Fills the batch from <paramref name="examples"/> of <paramref name="data"/>; with a
    /// <paramref name="vocabulary"/> (per table, ID → row of a local embedding) slots index it instead of unique rows.</summary>
    public void Prepare(CtrDataset data, ReadOnlySpan<int> examples, Dictionary<long, int>[]? vocabulary = null)
    {
        if (examples.Length > Capacity || examples.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(examples), examples.Length, $"A batch holds 1..{Capacity} examples.");
        }

        Size = examples.Length;
        var slots = _schema.SlotCount;
        var dense = _schema.DenseCount;
        for (var t = 0; t < _unique.Length; t++)
        {
            _unique[t].Clear();
            UniqueCounts[t] = 0;
            _positions[t] = 0;
        }

        for (var b = 0; b < examples.Length; b++)
        {
            var e = examples[b];
            Labels[b] = data.Labels[e];
            data.Dense.AsSpan(e * dense, dense).CopyTo(Dense.AsSpan(b * dense, dense));
            var weight = b * slots;
            for (var t = 0; t < _unique.Length; t++)
            {
                foreach (var slot in _schema.TableSlots[t])
                {
                    var key = data.Keys[e * slots + slot];
                    Weights[weight++] = data.Weights[e * slots + slot];
                    SlotIndex[t][_positions[t]++] = vocabulary is null ? UniqueIndex(t, key) : vocabulary[t][key];
                }
            }
        }
    }

    /// <summary>Pulls every table's unique rows into <see cref="Rows"/>, tables in parallel.</summary>
    public Task Pull(IEmbeddingReader reader)
    {
        var pulls = new Task[_unique.Length];
        for (var t = 0; t < pulls.Length; t++)
        {
            pulls[t] = reader.Pull(_schema.Tables[t], UniqueKeys[t].AsMemory(0, UniqueCounts[t]), Rows[t].AsMemory(0, UniqueCounts[t] * _rowDimension));
        }

        return Task.WhenAll(pulls);
    }

    /// <summary>Pushes every table's <see cref="Gradients"/> of its unique rows, tables in parallel.</summary>
    public Task Push(IEmbeddingStore store)
    {
        var pushes = new Task[_unique.Length];
        for (var t = 0; t < pushes.Length; t++)
        {
            pushes[t] = store.Push(_schema.Tables[t], UniqueKeys[t].AsMemory(0, UniqueCounts[t]), Gradients[t].AsMemory(0, UniqueCounts[t] * _rowDimension));
        }

        return Task.WhenAll(pushes);
    }

    /// <summary>Table <paramref name="table"/>'s pulled rows as a [unique, row] tensor.</summary>
    public Tensor RowTensor(int table) =>
        TensorData.Floats(Rows[table], UniqueCounts[table] * _rowDimension, UniqueCounts[table], _rowDimension);

    public Tensor IndexTensor(int table)
    {
        var count = Size * _schema.TableSlots[table].Length;
        return TensorData.Longs(SlotIndex[table], count, count);
    }

    private int UniqueIndex(int table, long key)
    {
        if (!_unique[table].TryGetValue(key, out var index))
        {
            index = UniqueCounts[table]++;
            _unique[table][key] = index;
            UniqueKeys[table][index] = key;
        }

        return index;
    }
}
