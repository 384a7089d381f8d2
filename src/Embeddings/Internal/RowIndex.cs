using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// Open-addressing map from 64-bit ID to row number: linear probing, backward-shift deletion (no tombstone slots, so
/// probe lengths do not degrade under churn), growth by rehashing only the slots; rows themselves never move.
/// </summary>
internal sealed unsafe class RowIndex : IDisposable
{
    // Linear probing stays short (about 1.8 probes per hit, 3 per miss) up to this load.
    private const int MaxLoadPercent = 60;
    private const int MinCapacity = 16;

    // Shard routing uses Mix64(id) mod shards, so within one shard the low bits of Mix64(id) can be constant;
    // salting gives the index bits that are independent of the shard choice.
    private const ulong Salt = 0x6A09E667F3BCC909UL;

    private AlignedBuffer _buffer;
    private IndexSlot* _slots;
    private ulong _mask;
    private int _growAt;

    public RowIndex(int expectedRows)
    {
        Allocate(CapacityFor(expectedRows));
    }

    public int Count { get; private set; }

    public long Bytes => _buffer.Bytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(long id) => ShardRouter.Mix64((ulong)id ^ Salt);

    /// <summary>Address of the first slot probed for <paramref name="hash"/>, to prefetch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void* HomeSlot(ulong hash) => _slots + (hash & _mask);

    /// <summary>Row of <paramref name="id"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long id, ulong hash)
    {
        var slots = _slots;
        var mask = _mask;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.RowPlusOne == 0)
            {
                return -1;
            }

            if (slot.Key == id)
            {
                return slot.RowPlusOne - 1;
            }
        }
    }

    /// <summary>Adds <paramref name="id"/>, which must be absent.</summary>
    public void Add(long id, ulong hash, int row)
    {
        if (Count >= _growAt)
        {
            Grow();
        }

        Place(_slots, _mask, id, hash, row);
        Count++;
    }

    /// <summary>Removes <paramref name="id"/> and returns its row, or -1 if absent.</summary>
    public int Remove(long id, ulong hash)
    {
        var slots = _slots;
        var mask = _mask;
        var hole = hash & mask;
        while (true)
        {
            if (slots[hole].RowPlusOne == 0)
            {
                return -1;
            }

            if (slots[hole].Key == id)
            {
                break;
            }

            hole = (hole + 1) & mask;
        }

        int row = slots[hole].RowPlusOne - 1;

        // Backward shift: pull later entries of the cluster into the hole unless that would put them before their home.
        for (var j = (hole + 1) & mask; slots[j].RowPlusOne != 0; j = (j + 1) & mask)
        {
            var home = Hash(slots[j].Key) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }

        slots[hole] = default;
        Count--;
        return row;
    }

    public void Clear()
    {
        NativeMemory.Clear(_slots, (nuint)_buffer.Bytes);
        Count = 0;
    }

    public void Dispose() => _buffer.Dispose();

    private static ulong CapacityFor(int rows)
    {
        var needed = Math.Max(MinCapacity, (long)rows * 100 / MaxLoadPercent + 1);
        return BitOperations.RoundUpToPowerOf2((ulong)needed);
    }

    /// <summary>Allocates an empty slot array and makes it current; the caller frees the previous one.</summary>
    [MemberNotNull(nameof(_buffer))]
    private void Allocate(ulong capacity)
    {
        _buffer = new AlignedBuffer((long)capacity * sizeof(IndexSlot), zeroed: true);
        _slots = (IndexSlot*)_buffer.Pointer;
        _mask = capacity - 1;
        _growAt = (int)Math.Min(int.MaxValue, (long)capacity * MaxLoadPercent / 100);
    }

    private static void Place(IndexSlot* slots, ulong mask, long id, ulong hash, int row)
    {
        var i = hash & mask;
        while (slots[i].RowPlusOne != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i].Key = id;
        slots[i].RowPlusOne = row + 1;
    }

    private void Grow()
    {
        var oldBuffer = _buffer;
        var oldSlots = _slots;
        var oldCapacity = _mask + 1;
        Allocate(oldCapacity * 2);
        for (ulong i = 0; i < oldCapacity; i++)
        {
            if (oldSlots[i].RowPlusOne != 0)
            {
                Place(_slots, _mask, oldSlots[i].Key, Hash(oldSlots[i].Key), oldSlots[i].RowPlusOne - 1);
            }
        }

        oldBuffer.Dispose();
    }
}
