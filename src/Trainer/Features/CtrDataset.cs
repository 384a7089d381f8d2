namespace ParameterServer.Trainer.Features;

/// <summary>
/// CTR examples as columns, in time order: label, per slot a parameter-server ID and a weight (1/n over a
/// multi-valued field's values, 0 for padding), dense features, and the raw user and item of each example.
/// </summary>
public sealed class CtrDataset
{
    public CtrDataset(CtrSchema schema, int count)
    {
        Schema = schema;
        Count = count;
        Labels = new float[count];
        Keys = new long[count * schema.SlotCount];
        Weights = new float[count * schema.SlotCount];
        Dense = new float[count * schema.DenseCount];
        Users = new long[count];
        Items = new long[count];
        Timestamps = new long[count];
    }

    public CtrSchema Schema { get; }

    public int Count { get; }

    public float[] Labels { get; }

    public long[] Keys { get; }

    public float[] Weights { get; }

    public float[] Dense { get; }

    public long[] Users { get; }

    public long[] Items { get; }

    public long[] Timestamps { get; }

    /// <summary>Example indices [start, end).</summary>
    public static int[] Range(int start, int end) => Enumerable.Range(start, end - start).ToArray();
}
