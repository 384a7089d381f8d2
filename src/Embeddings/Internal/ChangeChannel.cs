namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// Rows changed and IDs removed since one consumer last took them (the serving sync, or snapshots). Each row's
/// position in the list lives in its <see cref="RowMeta"/>, so dropping a row from the list is O(1).
/// </summary>
internal sealed class ChangeChannel
{
    private int[] _rows = new int[64];
    private long[] _tombstones = new long[64];

    public int Count { get; private set; }

    public int TombstoneCount { get; private set; }

    /// <summary>Appends <paramref name="row"/> unless it is listed already; <paramref name="position"/> is its field.</summary>
    public void Add(int row, ref int position)
    {
        if (position != RowMeta.NotPending)
        {
            return;
        }

        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        position = Count;
        _rows[Count++] = row;
    }

    /// <summary>Drops the row at <paramref name="position"/>; returns the row moved into its place, or -1.</summary>
    public int Remove(int position)
    {
        int last = _rows[--Count];
        if (position == Count)
        {
            return -1;
        }

        _rows[position] = last;
        return last;
    }

    public void AddTombstone(long id)
    {
        if (TombstoneCount == _tombstones.Length)
        {
            Array.Resize(ref _tombstones, _tombstones.Length * 2);
        }

        _tombstones[TombstoneCount++] = id;
    }

    /// <summary>Moves up to destination.Length tombstones out, newest first; returns how many.</summary>
    public int TakeTombstones(Span<long> destination)
    {
        int taken = Math.Min(TombstoneCount, destination.Length);
        _tombstones.AsSpan(TombstoneCount - taken, taken).CopyTo(destination);
        TombstoneCount -= taken;
        return taken;
    }

    /// <summary>The k-th row counted from the end of the list (rows are taken from the end).</summary>
    public int FromEnd(int k) => _rows[Count - 1 - k];

    /// <summary>Forgets the last <paramref name="count"/> rows after the caller reset their positions.</summary>
    public void DropFromEnd(int count) => Count -= count;

    /// <summary>The listed rows, for the caller to reset their positions before <see cref="Clear"/>.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public void Clear()
    {
        Count = 0;
        TombstoneCount = 0;
    }
}
