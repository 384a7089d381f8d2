namespace ParameterServer.Trainer.Data.Taobao;

/// <summary>Streams Taobao UserBehavior CSV: <c>user,item,category,behavior,timestamp</c>, behaviour pv|cart|fav|buy.</summary>
public sealed class TaobaoReader(string path, ReaderOptions? options = null) : IDisposable
{
    private readonly LineReader _lines = new(path, options);

    public long LineNumber => _lines.LineNumber;

    public long SkippedLines => _lines.SkippedLines;

    public bool TryRead(out TaobaoEvent row)
    {
        while (_lines.TryReadLine(out var line))
        {
            var count = Fields.Count(line, ","u8);
            if (count != 5)
            {
                _lines.Reject($"expected 5 comma-separated fields (user, item, category, behavior, timestamp), found {count}");
                continue;
            }

            var fields = new Fields(line, ","u8);
            fields.Next(out var user);
            fields.Next(out var item);
            fields.Next(out var category);
            fields.Next(out var behavior);
            fields.Next(out var time);
            if (!Fields.TryLong(user, out var u) || u < 0)
            {
                _lines.Reject($"user {Fields.Show(user)} is not a non-negative integer");
            }
            else if (!Fields.TryLong(item, out var i) || i < 0)
            {
                _lines.Reject($"item {Fields.Show(item)} is not a non-negative integer");
            }
            else if (!Fields.TryLong(category, out var c) || c < 0)
            {
                _lines.Reject($"category {Fields.Show(category)} is not a non-negative integer");
            }
            else if (!TryBehavior(behavior, out var b))
            {
                _lines.Reject($"behavior {Fields.Show(behavior)} is not pv, cart, fav or buy");
            }
            else if (!Fields.TryLong(time, out var t) || t < 0)
            {
                _lines.Reject($"timestamp {Fields.Show(time)} is not a non-negative integer");
            }
            else
            {
                row = new TaobaoEvent(u, i, c, b, t);
                return true;
            }
        }

        row = default;
        return false;
    }

    public void Dispose() => _lines.Dispose();

    private static bool TryBehavior(ReadOnlySpan<byte> field, out TaobaoBehavior behavior)
    {
        behavior = field.SequenceEqual("pv"u8) ? TaobaoBehavior.PageView
            : field.SequenceEqual("cart"u8) ? TaobaoBehavior.Cart
            : field.SequenceEqual("fav"u8) ? TaobaoBehavior.Favorite
            : field.SequenceEqual("buy"u8) ? TaobaoBehavior.Buy
            : (TaobaoBehavior)255;
        return behavior != (TaobaoBehavior)255;
    }
}
