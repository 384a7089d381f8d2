namespace ParameterServer.Trainer.Data.MovieLens;

/// <summary>Streams ratings from u.data (<c>user\titem\trating\ttimestamp</c>) or ratings.dat
/// (<c>user::item::rating::timestamp</c>) without allocating per line.</summary>
public sealed class RatingReader(string path, MovieLensFormat format, ReaderOptions? options = null) : IDisposable
{
    private readonly LineReader _lines = new(path, options);
    private readonly byte[] _separator = format == MovieLensFormat.Tab100K ? "\t"u8.ToArray() : "::"u8.ToArray();

    public long LineNumber => _lines.LineNumber;

    public long SkippedLines => _lines.SkippedLines;

    public bool TryRead(out Rating rating)
    {
        while (_lines.TryReadLine(out var line))
        {
            if (line.IsEmpty)
            {
                _lines.Reject("empty line");
                continue;
            }

            var fields = new Fields(line, _separator);
            if (Fields.Count(line, _separator) != 4)
            {
                _lines.Reject($"expected 4 fields (user, item, rating, timestamp), found {Fields.Count(line, _separator)}");
                continue;
            }

            fields.Next(out var user);
            fields.Next(out var item);
            fields.Next(out var stars);
            fields.Next(out var time);
            if (!Fields.TryInt(user, out var u) || u <= 0)
            {
                _lines.Reject($"user {Fields.Show(user)} is not a positive integer");
            }
            else if (!Fields.TryInt(item, out var i) || i <= 0)
            {
                _lines.Reject($"item {Fields.Show(item)} is not a positive integer");
            }
            else if (!Fields.TryInt(stars, out var s) || s is < 1 or > 5)
            {
                _lines.Reject($"rating {Fields.Show(stars)} is not an integer from 1 to 5");
            }
            else if (!Fields.TryLong(time, out var t) || t < 0)
            {
                _lines.Reject($"timestamp {Fields.Show(time)} is not a non-negative integer");
            }
            else
            {
                rating = new Rating(u, i, (byte)s, t);
                return true;
            }
        }

        rating = default;
        return false;
    }

    public void Dispose() => _lines.Dispose();
}
