namespace ParameterServer.Trainer.Data.Criteo;

/// <summary>Streams the Criteo Kaggle TSV: <c>label, I1..I13, C1..C26</c>, 40 tab-separated columns, empty = missing.</summary>
public sealed class CriteoReader(string path, ReaderOptions? options = null) : IDisposable
{
    private const int Columns = 1 + CriteoRow.IntegerCount + CriteoRow.CategoryCount;

    private readonly LineReader _lines = new(path, options);

    public long LineNumber => _lines.LineNumber;

    public long SkippedLines => _lines.SkippedLines;

    /// <summary>Fills <paramref name="row"/> with the next valid line; false at the end of the file.</summary>
    public bool TryRead(CriteoRow row)
    {
        while (_lines.TryReadLine(out var line))
        {
            if (Parse(line, row))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _lines.Dispose();

    private bool Parse(ReadOnlySpan<byte> line, CriteoRow row)
    {
        var count = Fields.Count(line, "\t"u8);
        if (count != Columns)
        {
            _lines.Reject($"expected {Columns} tab-separated columns (label, 13 integers, 26 categories), found {count}");
            return false;
        }

        var fields = new Fields(line, "\t"u8);
        fields.Next(out var label);
        if (label.Length != 1 || (label[0] != (byte)'0' && label[0] != (byte)'1'))
        {
            _lines.Reject($"label {Fields.Show(label)} is not 0 or 1");
            return false;
        }

        row.Label = label[0] - (byte)'0';
        for (var i = 0; i < CriteoRow.IntegerCount; i++)
        {
            fields.Next(out var field);
            row.HasInteger[i] = !field.IsEmpty;
            row.Integers[i] = 0;
            if (!field.IsEmpty && !Fields.TryLong(field, out row.Integers[i]))
            {
                _lines.Reject($"column I{i + 1} {Fields.Show(field)} is not an integer");
                return false;
            }
        }

        for (var c = 0; c < CriteoRow.CategoryCount; c++)
        {
            fields.Next(out var field);
            row.HasCategory[c] = !field.IsEmpty;
            row.Categories[c] = 0;
            if (field.IsEmpty)
            {
                continue;
            }

            if (field.Length > 8 || !Fields.TryHex(field, out var value))
            {
                _lines.Reject($"column C{c + 1} {Fields.Show(field)} is not up to 8 hex digits");
                return false;
            }

            row.Categories[c] = (uint)value;
        }

        return true;
    }
}
