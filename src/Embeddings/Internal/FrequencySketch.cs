using System.Numerics;

namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// Count-min sketch of ID occurrences (the admission filter of Monolith): 4 rows of saturating byte counters with
/// conservative update. Its size is fixed by the configured bytes whatever the number of IDs; it may overestimate
/// (admit an ID early) but never underestimates.
/// </summary>
internal sealed class FrequencySketch
{
    private const int Depth = 4;
    private const ulong Salt = 0xBB67AE8584CAA73BUL;

    private readonly byte[] _counters;
    private readonly int _widthShift;
    private readonly uint _widthMask;

    public FrequencySketch(int memoryBytes)
    {
        var width = BitOperations.RoundUpToPowerOf2((uint)(memoryBytes / Depth) + 1) >> 1;
        _widthShift = BitOperations.Log2(width);
        _widthMask = width - 1;
        _counters = new byte[width * Depth];
    }

    public long Bytes => _counters.Length;

    /// <summary>Counts one occurrence of <paramref name="id"/> and returns its estimated count (at most 255).</summary>
    public int Increment(long id)
    {
        // Double hashing (Kirsch-Mitzenmacher) derives the 4 row positions from one 64-bit hash.
        var h = ShardRouter.Mix64((ulong)id ^ Salt);
        uint h1 = (uint)h, h2 = (uint)(h >> 32) | 1;
        Span<int> at = stackalloc int[Depth];
        int min = byte.MaxValue;
        for (int d = 0; d < Depth; d++)
        {
            at[d] = (d << _widthShift) + (int)((h1 + (uint)d * h2) & _widthMask);
            min = Math.Min(min, _counters[at[d]]);
        }

        if (min == byte.MaxValue)
        {
            return min;
        }

        // Conservative update: raise only the counters at the minimum, which keeps overestimates smaller.
        for (int d = 0; d < Depth; d++)
        {
            ref var c = ref _counters[at[d]];
            if (c == min)
            {
                c++;
            }
        }

        return min + 1;
    }

    public void Clear() => Array.Clear(_counters);
}
