using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings;

/// <summary>
/// One shard of a collisionless embedding table: every distinct 64-bit ID has its own row (no hashing into a fixed
/// space), rows live in chunked slabs that never move when the index grows, optimizer state sits beside each row.
/// Not thread-safe: one owner (a grain activation or one benchmark thread) calls it at a time.
/// </summary>
public sealed class EmbeddingTable : IDisposable
{
    public EmbeddingTable(EmbeddingTableSettings settings) => throw new NotImplementedException();

    public EmbeddingTableSettings Settings => throw new NotImplementedException();

    public int Dimension => throw new NotImplementedException();

    /// <summary>Rows stored now.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>Rows updated or created since the last <see cref="TakeChanges"/>, not yet taken.</summary>
    public int PendingChangeCount => throw new NotImplementedException();

    /// <summary>Evicted or removed IDs not yet taken by <see cref="TakeChanges"/>.</summary>
    public int PendingTombstoneCount => throw new NotImplementedException();

    /// <summary>Pushed rows dropped since creation because their ID had not reached MinCount.</summary>
    public long FilteredPushRows => throw new NotImplementedException();

    /// <summary>Rows evicted by TTL since creation.</summary>
    public long EvictedRows => throw new NotImplementedException();

    /// <summary>Bytes held by rows, optimizer state, index and filter.</summary>
    public long MemoryBytes => throw new NotImplementedException();

    /// <summary>Values of <paramref name="ids"/> into <paramref name="destination"/> (ids.Length × Dimension);
    /// an ID without a row gets its initial row; nothing is created or counted.</summary>
    public void Lookup(ReadOnlySpan<long> ids, Span<float> destination) => throw new NotImplementedException();

    /// <summary>Like <see cref="Lookup"/> but each occurrence counts toward admission, and an admitted ID gets a row.</summary>
    public void PullForTraining(ReadOnlySpan<long> ids, Span<float> destination, long nowMs) => throw new NotImplementedException();

    /// <summary>Applies gradients (ids.Length × Dimension). Duplicate IDs are summed first. Every value is checked
    /// before any row changes: a non-finite value throws <see cref="ArgumentException"/> and nothing is applied.</summary>
    public PushOutcome ApplyGradients(ReadOnlySpan<long> ids, ReadOnlySpan<float> gradients, long nowMs) => throw new NotImplementedException();

    /// <summary>Writes values as given (serving copy, restore): creates rows as needed, bypasses the filter and
    /// optimizer, keeps optimizer state of existing rows, and does not mark rows changed.</summary>
    public void Upsert(ReadOnlySpan<long> ids, ReadOnlySpan<float> values, ReadOnlySpan<long> updatedAtMs) => throw new NotImplementedException();

    /// <summary>Removes rows; removed IDs become tombstones. Returns how many existed.</summary>
    public int Remove(ReadOnlySpan<long> ids) => throw new NotImplementedException();

    /// <summary>Evicts rows whose last update is older than the TTL; they become tombstones. Returns how many.</summary>
    public int EvictExpired(long nowMs) => throw new NotImplementedException();

    /// <summary>Removes every row, state, filter count and pending change.</summary>
    public void Clear() => throw new NotImplementedException();

    /// <summary>Moves up to ids.Length changed rows (ID, values, last update) and up to tombstones.Length tombstones
    /// out of the pending sets. A row changed again after this call is pending again.</summary>
    public (int Rows, int Tombstones) TakeChanges(Span<long> ids, Span<float> values, Span<long> updatedAtMs, Span<long> tombstones) => throw new NotImplementedException();

    /// <summary>Drops every pending change and tombstone (after a full copy has been sent instead).</summary>
    public void DiscardChanges() => throw new NotImplementedException();

    /// <summary>Number of floats of optimizer state per row (0 for SGD or a values-only table).</summary>
    public int StateWidth => throw new NotImplementedException();

    /// <summary>Copies stored rows in slot order, starting at <paramref name="cursor"/> and advancing it; returns rows
    /// copied (0 at the end). <paramref name="state"/> may be empty to skip optimizer state.</summary>
    public int Export(ref int cursor, Span<long> ids, Span<float> values, Span<float> state, Span<long> updatedAtMs) => throw new NotImplementedException();

    /// <summary>Writes rows with their optimizer state exactly as exported (restore); creates rows as needed.</summary>
    public void Import(ReadOnlySpan<long> ids, ReadOnlySpan<float> values, ReadOnlySpan<float> state, ReadOnlySpan<long> updatedAtMs) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
