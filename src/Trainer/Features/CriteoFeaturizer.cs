using ParameterServer.Trainer.Data;
using ParameterServer.Trainer.Data.Criteo;

namespace ParameterServer.Trainer.Features;

/// <summary>Criteo as CTR examples: C1..C26 as 26 fields of one table (a missing value is its own ID per field),
/// I1..I13 as dense features log(1 + max(x, 0)) (0 when missing). The label is the file's.</summary>
public static class CriteoFeaturizer
{
    private const long Missing = 1L << 32;

    public static CtrSchema Schema(string tablePrefix) => new(
        Enumerable.Range(1, CriteoRow.CategoryCount).Select(c => new FieldSpec($"C{c}", tablePrefix + "criteo")).ToArray(),
        CriteoRow.IntegerCount,
        itemField: -1);

    public static CtrDataset Read(string path, string tablePrefix, ReaderOptions? options = null)
    {
        var schema = Schema(tablePrefix);
        var labels = new List<float>();
        var keys = new List<long>();
        var dense = new List<float>();
        using (var reader = new CriteoReader(path, options))
        {
            var row = new CriteoRow();
            while (reader.TryRead(row))
            {
                labels.Add(row.Label);
                for (var c = 0; c < CriteoRow.CategoryCount; c++)
                {
                    keys.Add(schema.Key(c, row.HasCategory[c] ? row.Categories[c] : Missing));
                }

                for (var i = 0; i < CriteoRow.IntegerCount; i++)
                {
                    dense.Add(row.HasInteger[i] ? (float)Math.Log(1 + Math.Max(row.Integers[i], 0)) : 0f);
                }
            }
        }

        var data = new CtrDataset(schema, labels.Count);
        labels.CopyTo(data.Labels);
        keys.CopyTo(data.Keys);
        dense.CopyTo(data.Dense);
        Array.Fill(data.Weights, 1f);

        // The file is in time order with no timestamps: the row number stands in for time.
        for (var i = 0; i < data.Count; i++)
        {
            data.Timestamps[i] = i;
        }

        return data;
    }
}
