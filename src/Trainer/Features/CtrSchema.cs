namespace ParameterServer.Trainer.Features;

/// <summary>
/// The sparse fields and dense feature count of a CTR data set, and how a field value becomes a parameter-server ID:
/// the field number in the top 16 bits, the value (hashed when it does not fit, or into buckets for a hashed field)
/// in the low 48, so fields sharing a table never share rows.
/// </summary>
public sealed class CtrSchema
{
    private const long ValueMask = (1L << 48) - 1;

    public CtrSchema(IReadOnlyList<FieldSpec> fields, int denseCount, int itemField)
    {
        if (fields.Count is 0 or > short.MaxValue)
        {
            throw new ArgumentException($"A schema needs 1..{short.MaxValue} fields; got {fields.Count}.", nameof(fields));
        }

        if (itemField >= fields.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(itemField), itemField, "The item field must be one of the fields, or -1.");
        }

        Fields = fields;
        DenseCount = denseCount;
        ItemField = itemField;
        Tables = fields.Select(f => f.Table).Distinct(StringComparer.Ordinal).ToArray();
        SlotCount = fields.Sum(f => f.Slots);
        SlotField = new int[SlotCount];
        SlotTable = new int[SlotCount];
        var slot = 0;
        for (var f = 0; f < fields.Count; f++)
        {
            for (var k = 0; k < fields[f].Slots; k++, slot++)
            {
                SlotField[slot] = f;
                SlotTable[slot] = Array.IndexOf(Tables, fields[f].Table);
            }
        }

        TableSlots = Enumerable.Range(0, Tables.Length)
            .Select(t => Enumerable.Range(0, SlotCount).Where(s => SlotTable[s] == t).ToArray())
            .ToArray();
        FirstSlot = new int[fields.Count];
        for (int f = 0, s = 0; f < fields.Count; s += fields[f].Slots, f++)
        {
            FirstSlot[f] = s;
        }
    }

    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>Distinct table names, in order of first use.</summary>
    public string[] Tables { get; }

    public int SlotCount { get; }

    public int DenseCount { get; }

    /// <summary>The field whose value is the item (for the popularity baseline and recommendations); -1 when none.</summary>
    public int ItemField { get; }

    /// <summary>Field of each slot.</summary>
    public int[] SlotField { get; }

    /// <summary>Table index (into <see cref="Tables"/>) of each slot.</summary>
    public int[] SlotTable { get; }

    /// <summary>Per table, its slots in schema order.</summary>
    public int[][] TableSlots { get; }

    /// <summary>First slot of each field.</summary>
    public int[] FirstSlot { get; }

    /// <summary>The parameter-server ID of <paramref name="value"/> in field <paramref name="field"/>.</summary>
    public long Key(int field, long value)
    {
        var buckets = Fields[field].HashBuckets;
        var v = buckets > 0
            ? (long)(Mix((ulong)value) % (ulong)buckets)
            : value is >= 0 and <= ValueMask ? value : (long)(Mix((ulong)value) & ValueMask);
        return ((long)(field + 1) << 48) | v;
    }

    /// <summary>A copy with <paramref name="buckets"/> hash buckets for the named fields (the collision baseline).</summary>
    public CtrSchema WithHashBuckets(IReadOnlyDictionary<string, long> buckets) =>
        new(Fields.Select(f => buckets.TryGetValue(f.Name, out var b) ? f with { HashBuckets = b } : f).ToArray(), DenseCount, ItemField);

    /// <summary>splitmix64's finaliser: a fixed, documented hash.</summary>
    public static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }
}
