using System.Buffers.Text;
using System.Text;

namespace ParameterServer.Trainer.Data;

/// <summary>Splits a line into fields by a separator and parses them without allocating.</summary>
public ref struct Fields
{
    private readonly ReadOnlySpan<byte> _separator;
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public Fields(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator)
    {
        _rest = line;
        _separator = separator;
    }

    /// <summary>The next field; false when the line has no more.</summary>
    public bool Next(out ReadOnlySpan<byte> field)
    {
        if (_done)
        {
            field = default;
            return false;
        }

        var at = _rest.IndexOf(_separator);
        if (at < 0)
        {
            field = _rest;
            _done = true;
            return true;
        }

        field = _rest[..at];
        _rest = _rest[(at + _separator.Length)..];
        return true;
    }

    /// <summary>Fields in the line: separators + 1.</summary>
    public static int Count(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator) =>
        separator.Length == 1 ? line.Count(separator[0]) + 1 : CountMany(line, separator);

    public static bool TryLong(ReadOnlySpan<byte> field, out long value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length && field.Length > 0;

    public static bool TryInt(ReadOnlySpan<byte> field, out int value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length && field.Length > 0;

    /// <summary>Up to 16 hex digits as an unsigned value.</summary>
    public static bool TryHex(ReadOnlySpan<byte> field, out ulong value) =>
        Utf8Parser.TryParse(field, out value, out var consumed, 'x') && consumed == field.Length && field.Length > 0;

    /// <summary>The field for an error message (allocates; only on the error path).</summary>
    public static string Show(ReadOnlySpan<byte> field) => field.Length > 40
        ? $"'{Encoding.Latin1.GetString(field[..40])}…'"
        : $"'{Encoding.Latin1.GetString(field)}'";

    private static int CountMany(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator)
    {
        var count = 1;
        for (var at = line.IndexOf(separator); at >= 0; at = line.IndexOf(separator))
        {
            count++;
            line = line[(at + separator.Length)..];
        }

        return count;
    }
}
