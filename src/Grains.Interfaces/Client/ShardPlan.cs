using System.Buffers;
using System.Numerics;
using ParameterServer.Embeddings;

namespace ParameterServer;

/// <summary>
/// Splits one caller batch into per-shard batches of unique IDs and maps results back to the caller's order.
/// Scratch arrays come from the shared pool and go back on <see cref="Dispose"/>; the only allocations are the
/// per-shard payloads that are sent.
/// </summary>
internal sealed class ShardPlan : IDisposable
{
    private readonly int[] _uniqueOfCaller;
    private readonly int[] _shardOfUnique;
    private readonly int[] _positionOfUnique;
    private readonly int _callerCount;

    private ShardPlan(ReadOnlySpan<long> ids, int shardCount)
    {
        _callerCount = ids.Length;
        _uniqueOfCaller = ArrayPool<int>.Shared.Rent(Math.Max(1, ids.Length));
        var uniqueIds = ArrayPool<long>.Shared.Rent(Math.Max(1, ids.Length));
        _shardOfUnique = ArrayPool<int>.Shared.Rent(Math.Max(1, ids.Length));
        _positionOfUnique = ArrayPool<int>.Shared.Rent(Math.Max(1, ids.Length));
        ShardCounts = new int[shardCount];

        // Open addressing over the batch: slot holds unique index + 1 (0 = empty), so every long is a valid ID.
        var slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, ids.Length * 2));
        var slots = ArrayPool<int>.Shared.Rent(slotCount);
        var slotKeys = ArrayPool<long>.Shared.Rent(slotCount);
        try
        {
            Array.Clear(slots, 0, slotCount);
            var mask = slotCount - 1;
            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i];
                var mixed = ShardRouter.Mix64((ulong)id);
                var slot = (int)mixed & mask;
                while (true)
                {
                    var entry = slots[slot];
                    if (entry == 0)
                    {
                        var unique = UniqueCount++;
                        slots[slot] = unique + 1;
                        slotKeys[slot] = id;
                        uniqueIds[unique] = id;
                        var shard = ShardRouter.ShardOfMixed(mixed, shardCount);
                        _shardOfUnique[unique] = shard;
                        _positionOfUnique[unique] = ShardCounts[shard]++;
                        _uniqueOfCaller[i] = unique;
                        break;
                    }

                    if (slotKeys[slot] == id)
                    {
                        _uniqueOfCaller[i] = entry - 1;
                        break;
                    }

                    slot = (slot + 1) & mask;
                }
            }

            ShardIdBytes = new byte[shardCount][];
            for (var s = 0; s < shardCount; s++)
            {
                ShardIdBytes[s] = ShardCounts[s] == 0 ? [] : BulkBytes.ForLongs(ShardCounts[s]);
            }

            for (var u = 0; u < UniqueCount; u++)
            {
                BulkBytes.AsWritableLongs(ShardIdBytes[_shardOfUnique[u]])[_positionOfUnique[u]] = uniqueIds[u];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(slots);
            ArrayPool<long>.Shared.Return(slotKeys);
            ArrayPool<long>.Shared.Return(uniqueIds);
        }
    }

    /// <summary>Distinct IDs in the batch.</summary>
    public int UniqueCount { get; }

    /// <summary>Distinct IDs per shard.</summary>
    public int[] ShardCounts { get; }

    /// <summary>Per shard, its distinct IDs packed for an <see cref="IdBatch"/> (empty where none).</summary>
    public byte[][] ShardIdBytes { get; }

    public static ShardPlan Create(ReadOnlySpan<long> ids, int shardCount) => new(ids, shardCount);

    /// <summary>Copies each caller position's row from its shard's reply into <paramref name="destination"/>.</summary>
    public void Gather(ValueBatch?[] shardRows, int dimension, Span<float> destination)
    {
        for (var i = 0; i < _callerCount; i++)
        {
            var unique = _uniqueOfCaller[i];
            var rows = shardRows[_shardOfUnique[unique]]!.Values;
            rows.Slice(_positionOfUnique[unique] * dimension, dimension).CopyTo(destination.Slice(i * dimension, dimension));
        }
    }

    /// <summary>Sums each caller row of <paramref name="gradients"/> into its shard's row for that unique ID.</summary>
    public byte[][] SumPerShard(ReadOnlySpan<float> gradients, int dimension)
    {
        var shardValues = new byte[ShardCounts.Length][];
        for (var s = 0; s < ShardCounts.Length; s++)
        {
            shardValues[s] = ShardCounts[s] == 0 ? [] : new byte[ShardCounts[s] * dimension * sizeof(float)];
        }

        for (var i = 0; i < _callerCount; i++)
        {
            var unique = _uniqueOfCaller[i];
            var target = BulkBytes.AsWritableFloats(shardValues[_shardOfUnique[unique]])
                .Slice(_positionOfUnique[unique] * dimension, dimension);
            FloatSpans.AddInPlace(target, gradients.Slice(i * dimension, dimension));
        }

        return shardValues;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_uniqueOfCaller);
        ArrayPool<int>.Shared.Return(_shardOfUnique);
        ArrayPool<int>.Shared.Return(_positionOfUnique);
    }
}
