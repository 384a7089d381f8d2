using System.Runtime.CompilerServices;
using ParameterServer.Embeddings.Internal;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings;

/// <summary>
/// One shard of a collisionless embedding table: every distinct 64-bit ID has its own row (no hashing into a fixed
/// space), rows live in chunked slabs that never move when the index grows, optimizer state sits beside each row.
/// Not thread-safe: one owner (a grain activation or one benchmark thread) calls it at a time.
/// </summary>
/// <remarks>
/// Slab layout: each chunk is one 64-byte aligned native block holding <see cref="RowMeta"/> for its rows, then the
/// rows, each <see cref="Dimension"/> values followed by <see cref="StateWidth"/> state floats, padded to 16 floats
/// (64 B) so every row starts on a cache line.
/// </remarks>
public sealed unsafe class EmbeddingTable : IDisposable
{
    // IDs resolved together: enough outstanding prefetches to hide DRAM latency, few enough to stay in L1.
    private const int GroupSize = 32;

    // Rows ahead that ApplyGradients and TakeChanges prefetch while working on the current one.
    private const int PrefetchAhead = 8;

    // Longer rows are prefetched only at their start; the hardware prefetcher follows sequential lines.
    private const int MaxPrefetchBytes = 512;

    private const int MaxChunkRows = 1 << 14;
    private const long TargetChunkBytes = 4 << 20;
    private const int RowAlignmentFloats = AlignedBuffer.Alignment / sizeof(float);

    private readonly SparseOptimizerSettings _optimizer;
    private readonly SparseOptimizerKind _kind;
    private readonly EmbeddingInitializer _initializer;
    private readonly int _dimension;
    private readonly int _stateWidth;
    private readonly int _strideFloats;
    private readonly int _chunkShift;
    private readonly int _chunkMask;
    private readonly long _metaBytes;
    private readonly long _chunkBytes;
    private readonly long _timeToLiveMs;
    private readonly int _minCount;
    private readonly int _valuePrefetchBytes;
    private readonly int _rowPrefetchBytes;
    private readonly FrequencySketch? _filter;
    private readonly RowIndex _index;
    private readonly List<AlignedBuffer> _chunks = [];

    private nint[] _chunkPointers = [];
    private int _rowCapacity;
    private int _highWater;
    private int _freeHead = -1;

    // Changes for the serving sync, and (training tables only) changes since the last snapshot.
    private readonly ChangeChannel _sync = new();
    private readonly ChangeChannel? _snapshot;

    // ApplyGradients scratch, grown to the largest batch seen and reused.
    private int _batchEpoch;
    private int[] _batchOrdinals = [];
    private int[] _uniqueRows = [];
    private int[] _uniqueFirst = [];
    private int[] _uniqueCount = [];
    private float[] _sums = [];

    private long _filteredPushRows;
    private long _evictedRows;
    private bool _disposed;

    public EmbeddingTable(EmbeddingTableSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _dimension = settings.Dimension;
        _initializer = settings.Initializer;
        _optimizer = settings.Optimizer;
        _kind = settings.ValuesOnly ? SparseOptimizerKind.Sgd : settings.Optimizer.Kind;
        _stateWidth = settings.ValuesOnly ? 0 : _kind switch
        {
            SparseOptimizerKind.Adagrad => Adagrad.StatePerCoordinate * _dimension,
            SparseOptimizerKind.Ftrl => Ftrl.StatePerCoordinate * _dimension,
            SparseOptimizerKind.Adam => Adam.StatePerCoordinate * _dimension + 1,
            _ => Sgd.StatePerCoordinate,
        };
        _strideFloats = (_dimension + _stateWidth + RowAlignmentFloats - 1) / RowAlignmentFloats * RowAlignmentFloats;

        int chunkRows = MaxChunkRows;
        while (chunkRows > 2 && chunkRows * ((long)_strideFloats * sizeof(float) + sizeof(RowMeta)) > TargetChunkBytes)
        {
            chunkRows >>= 1;
        }

        _chunkShift = System.Numerics.BitOperations.Log2((uint)chunkRows);
        _chunkMask = chunkRows - 1;
        _metaBytes = (long)chunkRows * sizeof(RowMeta);
        _valuePrefetchBytes = Math.Min(MaxPrefetchBytes, _dimension * sizeof(float));
        _rowPrefetchBytes = Math.Min(MaxPrefetchBytes, (_dimension + _stateWidth) * sizeof(float));
        _chunkBytes = _metaBytes + (long)chunkRows * _strideFloats * sizeof(float);
        _timeToLiveMs = settings.TimeToLive is { } ttl ? Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)) : -1;
        _minCount = settings.MinCount;
        _filter = _minCount > 1 ? new FrequencySketch(settings.FilterMemoryBytes) : null;
        _snapshot = settings.ValuesOnly ? null : new ChangeChannel();
        _index = new RowIndex(settings.InitialCapacity);
        while (_rowCapacity < settings.InitialCapacity)
        {
            AddChunk();
        }
    }

    public EmbeddingTableSettings Settings { get; }

    public int Dimension => _dimension;

    /// <summary>Rows stored now.</summary>
    public int Count => _index.Count;

    /// <summary>Rows updated or created since the last <see cref="TakeChanges"/>, not yet taken.</summary>
    public int PendingChangeCount => _sync.Count;

    /// <summary>Evicted or removed IDs not yet taken by <see cref="TakeChanges"/>.</summary>
    public int PendingTombstoneCount => _sync.TombstoneCount;

    /// <summary>Rows changed or created since the last snapshot cut (<see cref="TakeSnapshotChanges"/> or
    /// <see cref="DiscardSnapshotChanges"/>); 0 for a values-only table, which snapshots do not track.</summary>
    public int SnapshotChangeCount => _snapshot?.Count ?? 0;

    /// <summary>IDs removed or evicted since the last snapshot cut.</summary>
    public int SnapshotTombstoneCount => _snapshot?.TombstoneCount ?? 0;

    /// <summary>Pushed rows dropped since creation because their ID had not reached MinCount.</summary>
    public long FilteredPushRows => _filteredPushRows;

    /// <summary>Rows evicted by TTL since creation.</summary>
    public long EvictedRows => _evictedRows;

    /// <summary>Bytes held by rows, optimizer state, index and filter.</summary>
    public long MemoryBytes => _chunks.Count * _chunkBytes + _index.Bytes + (_filter?.Bytes ?? 0);

    /// <summary>Number of floats of optimizer state per row (0 for SGD or a values-only table).</summary>
    /// <remarks>Adagrad: Dimension (accumulators). FTRL: 2 × Dimension (z, then n). Adam: 2 × Dimension + 1
    /// (m, then v, then the row's step count as a float, so Export/Import carry it).</remarks>
    public int StateWidth => _stateWidth;

    /// <summary>Values of <paramref name="ids"/> into <paramref name="destination"/> (ids.Length × Dimension);
    /// an ID without a row gets its initial row; nothing is created or counted.</summary>
    public void Lookup(ReadOnlySpan<long> ids, Span<float> destination)
    {
        ThrowIfDisposed();
        ThrowHelper.CheckAtLeast(destination.Length, ids.Length, _dimension, nameof(destination));
        Span<ulong> hashes = stackalloc ulong[GroupSize];
        Span<int> rows = stackalloc int[GroupSize];
        for (int start = 0; start < ids.Length; start += GroupSize)
        {
            var group = ids.Slice(start, Math.Min(GroupSize, ids.Length - start));
            Resolve(group, hashes, rows, _valuePrefetchBytes, prefetchMeta: false);
            for (int i = 0; i < group.Length; i++)
            {
                var target = destination.Slice((start + i) * _dimension, _dimension);
                if (rows[i] >= 0)
                {
                    new ReadOnlySpan<float>(Values(rows[i]), _dimension).CopyTo(target);
                }
                else
                {
                    _initializer.Fill(group[i], target);
                }
            }
        }
    }

    /// <summary>Like <see cref="Lookup"/> but each occurrence counts toward admission, and an admitted ID gets a row.</summary>
    /// <remarks>An admitted ID's row is created with its initial values, last update <paramref name="nowMs"/>, and
    /// marked changed so serving receives it. Occurrences are counted only while the ID has no row.</remarks>
    public void PullForTraining(ReadOnlySpan<long> ids, Span<float> destination, long nowMs)
    {
        ThrowIfDisposed();
        ThrowHelper.CheckAtLeast(destination.Length, ids.Length, _dimension, nameof(destination));
        Span<ulong> hashes = stackalloc ulong[GroupSize];
        Span<int> rows = stackalloc int[GroupSize];
        for (int start = 0; start < ids.Length; start += GroupSize)
        {
            var group = ids.Slice(start, Math.Min(GroupSize, ids.Length - start));
            Resolve(group, hashes, rows, _valuePrefetchBytes, prefetchMeta: false);
            for (int i = 0; i < group.Length; i++)
            {
                var target = destination.Slice((start + i) * _dimension, _dimension);

                // Re-probe a miss: an earlier occurrence in this group may have just been admitted.
                int row = rows[i] >= 0 ? rows[i] : Admit(group[i], hashes[i], nowMs);
                if (row >= 0)
                {
                    new ReadOnlySpan<float>(Values(row), _dimension).CopyTo(target);
                }
                else
                {
                    _initializer.Fill(group[i], target);
                }
            }
        }
    }

    /// <summary>Applies gradients (ids.Length × Dimension). Duplicate IDs are summed first. Every value is checked
    /// before any row changes: a non-finite value throws <see cref="ArgumentException"/> and nothing is applied.</summary>
    /// <remarks>A push never creates rows: an ID without a row (not admitted yet, or never pulled) is dropped and
    /// counted in <see cref="FilteredPushRows"/>. Updated rows get last update <paramref name="nowMs"/> and are
    /// marked changed. Throws <see cref="InvalidOperationException"/> on a values-only table.</remarks>
    public PushOutcome ApplyGradients(ReadOnlySpan<long> ids, ReadOnlySpan<float> gradients, long nowMs)
    {
        ThrowIfDisposed();
        if (Settings.ValuesOnly)
        {
            ThrowHelper.InvalidOperation("This table is values-only (a serving copy): it has no optimizer and takes no gradients.");
        }

        ThrowHelper.CheckExactly(gradients.Length, ids.Length, _dimension, nameof(gradients));
        int bad = FloatSpans.IndexOfNonFinite(gradients);
        if (bad >= 0)
        {
            ThrowHelper.Argument(
                $"gradients[{bad}] (ID {ids[bad / _dimension]}, coordinate {bad % _dimension}) is {gradients[bad]}; " +
                "every gradient must be finite. Nothing was applied.", nameof(gradients));
        }

        int n = ids.Length;
        EnsureBatchScratch(n);
        int epoch = NextBatchEpoch();
        int distinct = 0, filtered = 0;
        Span<ulong> hashes = stackalloc ulong[GroupSize];
        Span<int> rows = stackalloc int[GroupSize];
        for (int start = 0; start < n; start += GroupSize)
        {
            var group = ids.Slice(start, Math.Min(GroupSize, n - start));
            Resolve(group, hashes, rows, _rowPrefetchBytes, prefetchMeta: true);
            for (int i = 0; i < group.Length; i++)
            {
                int row = rows[i];
                if (row < 0)
                {
                    filtered++;
                    _batchOrdinals[start + i] = -1;
                    continue;
                }

                var meta = Meta(row);
                if (meta->BatchEpoch != epoch)
                {
                    meta->BatchEpoch = epoch;
                    meta->BatchOrdinal = distinct;
                    _uniqueRows[distinct] = row;
                    _uniqueFirst[distinct] = start + i;
                    _uniqueCount[distinct] = 1;
                    distinct++;
                }
                else
                {
                    _uniqueCount[meta->BatchOrdinal]++;
                }

                _batchOrdinals[start + i] = meta->BatchOrdinal;
            }
        }

        if (distinct + filtered < n)
        {
            SumDuplicates(gradients, n, distinct);
        }

        for (int u = 0; u < distinct; u++)
        {
            if (u + PrefetchAhead < distinct)
            {
                Prefetch.Lines((byte*)Values(_uniqueRows[u + PrefetchAhead]), _rowPrefetchBytes);
            }

            int row = _uniqueRows[u];
            var gradient = _uniqueCount[u] == 1
                ? gradients.Slice(_uniqueFirst[u] * _dimension, _dimension)
                : _sums.AsSpan(u * _dimension, _dimension);
            ApplyOptimizer(Values(row), gradient);
            var meta = Meta(row);
            meta->UpdatedAtMs = nowMs;
            MarkChanged(row, meta);
        }

        _filteredPushRows += filtered;
        return new PushOutcome(distinct, filtered);
    }

    /// <summary>Writes values as given (serving copy, restore): creates rows as needed, bypasses the filter and
    /// optimizer, keeps optimizer state of existing rows, and does not mark rows changed.</summary>
    public void Upsert(ReadOnlySpan<long> ids, ReadOnlySpan<float> values, ReadOnlySpan<long> updatedAtMs)
    {
        Import(ids, values, ReadOnlySpan<float>.Empty, updatedAtMs);
    }

    /// <summary>Removes rows; removed IDs become tombstones. Returns how many existed.</summary>
    public int Remove(ReadOnlySpan<long> ids)
    {
        ThrowIfDisposed();
        int removed = 0;
        foreach (var id in ids)
        {
            int row = _index.Remove(id, RowIndex.Hash(id));
            if (row >= 0)
            {
                ReleaseRow(row, id);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Evicts rows whose last update is older than the TTL; they become tombstones. Returns how many.</summary>
    /// <remarks>A row is evicted when its last update is before nowMs − TTL. Scans every row: call it periodically.</remarks>
    public int EvictExpired(long nowMs)
    {
        ThrowIfDisposed();
        if (_timeToLiveMs < 0)
        {
            return 0;
        }

        long cutoff = nowMs - _timeToLiveMs;
        int evicted = 0;
        for (int row = 0; row < _highWater; row++)
        {
            var meta = Meta(row);
            if (meta->Pending != RowMeta.Free && meta->UpdatedAtMs < cutoff)
            {
                long id = meta->Id;
                _index.Remove(id, RowIndex.Hash(id));
                ReleaseRow(row, id);
                evicted++;
            }
        }

        _evictedRows += evicted;
        return evicted;
    }

    /// <summary>Removes every row, state, filter count and pending change.</summary>
    /// <remarks>Pending tombstones are dropped too (a receiver needs a full copy after this); slab memory is kept for reuse.</remarks>
    public void Clear()
    {
        ThrowIfDisposed();
        _index.Clear();
        _filter?.Clear();
        _highWater = 0;
        _freeHead = -1;
        _sync.Clear();
        _snapshot?.Clear();
    }

    /// <summary>Moves up to ids.Length changed rows (ID, values, last update) and up to tombstones.Length tombstones
    /// out of the pending sets. A row changed again after this call is pending again.</summary>
    /// <remarks>
    /// A receiver must apply a call's tombstones before its rows: an ID removed and then recreated appears in both,
    /// and the row is its newest state. To keep that order safe, rows are returned only by a call that drains every
    /// pending tombstone (until then the call returns 0 rows), so <paramref name="tombstones"/> must not be empty while
    /// tombstones are pending (<see cref="ArgumentException"/>). Calling repeatedly drains everything.
    /// <paramref name="values"/> needs ids.Length × Dimension floats and <paramref name="updatedAtMs"/> ids.Length.
    /// </remarks>
    public (int Rows, int Tombstones) TakeChanges(Span<long> ids, Span<float> values, Span<long> updatedAtMs, Span<long> tombstones) =>
        Take(_sync, snapshot: false, ids, values, Span<float>.Empty, updatedAtMs, tombstones);

    /// <summary>Like <see cref="TakeChanges"/> for the snapshot channel, with optimizer state (state.Length ≥
    /// ids.Length × StateWidth): the rows an incremental snapshot writes. Taking them is the snapshot's cut.</summary>
    public (int Rows, int Tombstones) TakeSnapshotChanges(Span<long> ids, Span<float> values, Span<float> state, Span<long> updatedAtMs, Span<long> tombstones)
    {
        if (_snapshot is null)
        {
            ThrowHelper.InvalidOperation("A values-only table does not track changes for snapshots.");
        }

        ThrowHelper.CheckAtLeast(state.Length, ids.Length, _stateWidth, nameof(state));
        return Take(_snapshot, snapshot: true, ids, values, state, updatedAtMs, tombstones);
    }

    /// <summary>Starts a new snapshot cut without taking rows: a full snapshot writes every row instead.</summary>
    public void DiscardSnapshotChanges()
    {
        ThrowIfDisposed();
        if (_snapshot is null)
        {
            return;
        }

        foreach (int row in _snapshot.Rows)
        {
            Meta(row)->SnapshotPending = RowMeta.NotPending;
        }

        _snapshot.Clear();
    }

    /// <summary>Drops every pending change and tombstone (after a full copy has been sent instead).</summary>
    public void DiscardChanges()
    {
        ThrowIfDisposed();
        foreach (int row in _sync.Rows)
        {
            Meta(row)->Pending = RowMeta.NotPending;
        }

        _sync.Clear();
    }

    /// <summary>Copies stored rows in slot order, starting at <paramref name="cursor"/> and advancing it; returns rows
    /// copied (0 at the end). <paramref name="state"/> may be empty to skip optimizer state.</summary>
    /// <remarks>Copies at most ids.Length rows; <paramref name="values"/> needs ids.Length × Dimension floats,
    /// <paramref name="state"/> (unless empty) ids.Length × StateWidth, <paramref name="updatedAtMs"/> ids.Length.
    /// Start with cursor 0.</remarks>
    public int Export(ref int cursor, Span<long> ids, Span<float> values, Span<float> state, Span<long> updatedAtMs)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ThrowHelper.CheckAtLeast(values.Length, ids.Length, _dimension, nameof(values));
        ThrowHelper.CheckAtLeast(updatedAtMs.Length, ids.Length, 1, nameof(updatedAtMs));
        if (!state.IsEmpty)
        {
            ThrowHelper.CheckAtLeast(state.Length, ids.Length, _stateWidth, nameof(state));
        }

        int copied = 0;
        int row = cursor;
        for (; row < _highWater && copied < ids.Length; row++)
        {
            var meta = Meta(row);
            if (meta->Pending == RowMeta.Free)
            {
                continue;
            }

            float* p = Values(row);
            ids[copied] = meta->Id;
            updatedAtMs[copied] = meta->UpdatedAtMs;
            new ReadOnlySpan<float>(p, _dimension).CopyTo(values.Slice(copied * _dimension, _dimension));
            if (!state.IsEmpty)
            {
                new ReadOnlySpan<float>(p + _dimension, _stateWidth).CopyTo(state.Slice(copied * _stateWidth, _stateWidth));
            }

            copied++;
        }

        cursor = row;
        return copied;
    }

    /// <summary>
    /// The <paramref name="k"/> stored rows with the highest inner product with <paramref name="query"/> (Dimension
    /// floats), best first, ties broken by the smaller ID, skipping <paramref name="exclude"/>; writes up to k IDs and
    /// scores and returns how many. Scans every row with SIMD dot products; a k-element heap keeps the best.
    /// </summary>
    public int TopK(ReadOnlySpan<float> query, int k, IReadOnlySet<long> exclude, Span<long> ids, Span<float> scores)
    {
        ThrowIfDisposed();
        ThrowHelper.CheckExactly(query.Length, 1, _dimension, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ThrowHelper.CheckAtLeast(ids.Length, k, 1, nameof(ids));
        ThrowHelper.CheckAtLeast(scores.Length, k, 1, nameof(scores));
        var best = new TopKHeap(k);

        // Most rows lose to the k-th best so far: one float compare rejects them before the exclusion lookup and the
        // heap; ties with the worst still go to the full (score, ID) order.
        for (int row = 0; row < _highWater; row++)
        {
            var meta = Meta(row);
            if (meta->Pending == RowMeta.Free)
            {
                continue;
            }

            var score = System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(Values(row), _dimension), query);
            if (score < best.Threshold || exclude.Contains(meta->Id))
            {
                continue;
            }

            best.Offer(meta->Id, score);
        }

        return best.Drain(ids, scores);
    }

    /// <summary>Writes rows with their optimizer state exactly as exported (restore); creates rows as needed.</summary>
    /// <remarks><paramref name="state"/> is ids.Length × StateWidth, or empty to keep the state of existing rows and
    /// give new rows the optimizer's initial state. Bypasses the filter and does not mark rows changed.</remarks>
    public void Import(ReadOnlySpan<long> ids, ReadOnlySpan<float> values, ReadOnlySpan<float> state, ReadOnlySpan<long> updatedAtMs)
    {
        ThrowIfDisposed();
        ThrowHelper.CheckExactly(values.Length, ids.Length, _dimension, nameof(values));
        ThrowHelper.CheckExactly(updatedAtMs.Length, ids.Length, 1, nameof(updatedAtMs));
        if (!state.IsEmpty)
        {
            ThrowHelper.CheckExactly(state.Length, ids.Length, _stateWidth, nameof(state));
        }

        for (int i = 0; i < ids.Length; i++)
        {
            long id = ids[i];
            var hash = RowIndex.Hash(id);
            int row = _index.Find(id, hash);
            if (row < 0)
            {
                row = CreateRow(id, hash, updatedAtMs[i]);
            }

            float* p = Values(row);
            values.Slice(i * _dimension, _dimension).CopyTo(new Span<float>(p, _dimension));
            if (!state.IsEmpty)
            {
                state.Slice(i * _stateWidth, _stateWidth).CopyTo(new Span<float>(p + _dimension, _stateWidth));
            }

            Meta(row)->UpdatedAtMs = updatedAtMs[i];
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _chunkPointers = [];
        foreach (var chunk in _chunks)
        {
            chunk.Dispose();
        }

        _chunks.Clear();
        _index.Dispose();
    }

    /// <summary>Address of the values of <paramref name="row"/>, followed by its state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* Values(int row) =>
        (float*)((byte*)_chunkPointers[row >> _chunkShift] + _metaBytes) + (long)(row & _chunkMask) * _strideFloats;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RowMeta* Meta(int row) => (RowMeta*)_chunkPointers[row >> _chunkShift] + (row & _chunkMask);

    /// <summary>Finds the rows of a group of IDs (-1 when absent), prefetching index slots first and then the rows,
    /// so the cache misses of the whole group overlap instead of being paid one after another.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Resolve(ReadOnlySpan<long> group, Span<ulong> hashes, Span<int> rows, int prefetchBytes, bool prefetchMeta)
    {
        for (int i = 0; i < group.Length; i++)
        {
            hashes[i] = RowIndex.Hash(group[i]);
            Prefetch.Line(_index.HomeSlot(hashes[i]));
        }

        for (int i = 0; i < group.Length; i++)
        {
            int row = _index.Find(group[i], hashes[i]);
            rows[i] = row;
            if (row >= 0)
            {
                Prefetch.Lines((byte*)Values(row), prefetchBytes);
                if (prefetchMeta)
                {
                    Prefetch.Line(Meta(row));
                }
            }
        }
    }

    /// <summary>Counts one occurrence of an ID without a row and creates the row once admitted; returns it or -1.</summary>
    private int Admit(long id, ulong hash, long nowMs)
    {
        int row = _index.Find(id, hash);
        if (row >= 0)
        {
            return row;
        }

        if (_filter is not null && _filter.Increment(id) < _minCount)
        {
            return -1;
        }

        row = CreateRow(id, hash, nowMs);
        _initializer.Fill(id, new Span<float>(Values(row), _dimension));
        MarkChanged(row, Meta(row));
        return row;
    }

    /// <summary>Adds a row with the optimizer's initial state; the caller writes its values.</summary>
    private int CreateRow(long id, ulong hash, long nowMs)
    {
        int row = AllocateRow();
        _index.Add(id, hash, row);
        var meta = Meta(row);
        meta->Id = id;
        meta->UpdatedAtMs = nowMs;
        meta->Pending = RowMeta.NotPending;
        meta->SnapshotPending = RowMeta.NotPending;
        meta->BatchEpoch = 0;
        var state = new Span<float>(Values(row) + _dimension, _stateWidth);
        if (_kind == SparseOptimizerKind.Adagrad)
        {
            state.Fill(_optimizer.InitialAccumulator);
        }
        else
        {
            state.Clear();
        }

        return row;
    }

    private int AllocateRow()
    {
        if (_freeHead >= 0)
        {
            int row = _freeHead;
            _freeHead = (int)Meta(row)->Id;
            return row;
        }

        if (_highWater == _rowCapacity)
        {
            AddChunk();
        }

        return _highWater++;
    }

    private void AddChunk()
    {
        if (_rowCapacity > int.MaxValue - 2 - (_chunkMask + 1))
        {
            ThrowHelper.InvalidOperation($"The table is full: row numbers are 32-bit and {_rowCapacity} rows are reserved.");
        }

        var chunk = new AlignedBuffer(_chunkBytes, zeroed: false);
        _chunks.Add(chunk);
        if (_chunkPointers.Length < _chunks.Count)
        {
            Array.Resize(ref _chunkPointers, Math.Max(4, _chunkPointers.Length * 2));
        }

        _chunkPointers[_chunks.Count - 1] = (nint)chunk.Pointer;
        _rowCapacity += _chunkMask + 1;
    }

    /// <summary>After the index entry is gone: drops pending changes, records the tombstones, frees the row.</summary>
    private void ReleaseRow(int row, long id)
    {
        var meta = Meta(row);
        if (meta->Pending >= 0 && _sync.Remove(meta->Pending) is var movedSync and >= 0)
        {
            Meta(movedSync)->Pending = meta->Pending;
        }

        _sync.AddTombstone(id);
        if (_snapshot is not null)
        {
            if (meta->SnapshotPending >= 0 && _snapshot.Remove(meta->SnapshotPending) is var movedSnapshot and >= 0)
            {
                Meta(movedSnapshot)->SnapshotPending = meta->SnapshotPending;
            }

            _snapshot.AddTombstone(id);
        }

        meta->Pending = RowMeta.Free;
        meta->Id = _freeHead;
        _freeHead = row;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkChanged(int row, RowMeta* meta)
    {
        _sync.Add(row, ref meta->Pending);
        _snapshot?.Add(row, ref meta->SnapshotPending);
    }

    /// <summary>Takes rows and tombstones out of <paramref name="channel"/>; tombstones first, rows only once none
    /// remain (see <see cref="TakeChanges"/>). State is copied when <paramref name="state"/> is not empty.</summary>
    private (int Rows, int Tombstones) Take(
        ChangeChannel channel, bool snapshot, Span<long> ids, Span<float> values, Span<float> state, Span<long> updatedAtMs, Span<long> tombstones)
    {
        ThrowIfDisposed();
        ThrowHelper.CheckAtLeast(values.Length, ids.Length, _dimension, nameof(values));
        ThrowHelper.CheckAtLeast(updatedAtMs.Length, ids.Length, 1, nameof(updatedAtMs));
        if (tombstones.IsEmpty && channel.TombstoneCount > 0)
        {
            ThrowHelper.Argument(
                $"{channel.TombstoneCount} tombstones are pending but the tombstones buffer is empty; rows are returned only after pending tombstones.",
                nameof(tombstones));
        }

        int takenTombstones = channel.TakeTombstones(tombstones);
        if (channel.TombstoneCount > 0)
        {
            return (0, takenTombstones);
        }

        int takenRows = Math.Min(channel.Count, ids.Length);
        int copyBytes = state.IsEmpty ? _valuePrefetchBytes : _rowPrefetchBytes;
        for (int k = 0; k < takenRows; k++)
        {
            if (k + PrefetchAhead < takenRows)
            {
                int ahead = channel.FromEnd(k + PrefetchAhead);
                Prefetch.Line(Meta(ahead));
                Prefetch.Lines((byte*)Values(ahead), copyBytes);
            }

            int row = channel.FromEnd(k);
            var meta = Meta(row);
            float* p = Values(row);
            ids[k] = meta->Id;
            updatedAtMs[k] = meta->UpdatedAtMs;
            new ReadOnlySpan<float>(p, _dimension).CopyTo(values.Slice(k * _dimension, _dimension));
            if (!state.IsEmpty)
            {
                new ReadOnlySpan<float>(p + _dimension, _stateWidth).CopyTo(state.Slice(k * _stateWidth, _stateWidth));
            }

            if (snapshot)
            {
                meta->SnapshotPending = RowMeta.NotPending;
            }
            else
            {
                meta->Pending = RowMeta.NotPending;
            }
        }

        channel.DropFromEnd(takenRows);
        return (takenRows, takenTombstones);
    }

    private void ApplyOptimizer(float* row, ReadOnlySpan<float> gradient)
    {
        var values = new Span<float>(row, _dimension);
        var state = new Span<float>(row + _dimension, _stateWidth);
        int step = 0;
        switch (_kind)
        {
            case SparseOptimizerKind.Adagrad:
                Adagrad.Apply(values, state, gradient, ref step, _optimizer);
                break;
            case SparseOptimizerKind.Ftrl:
                Ftrl.Apply(values, state, gradient, ref step, _optimizer);
                break;
            case SparseOptimizerKind.Adam:
                ref float stored = ref state[_stateWidth - 1];
                step = (int)stored;
                Adam.Apply(values, state, gradient, ref step, _optimizer);
                stored = step;
                break;
            default:
                Sgd.Apply(values, state, gradient, ref step, _optimizer);
                break;
        }
    }

    /// <summary>Sums the gradients of each ID that occurs more than once, in batch order, into its slot of _sums.</summary>
    private void SumDuplicates(ReadOnlySpan<float> gradients, int n, int distinct)
    {
        if (_sums.Length < distinct * _dimension)
        {
            _sums = new float[_batchOrdinals.Length * _dimension];
        }

        for (int pos = 0; pos < n; pos++)
        {
            int u = _batchOrdinals[pos];
            if (u < 0 || _uniqueCount[u] == 1)
            {
                continue;
            }

            var sum = _sums.AsSpan(u * _dimension, _dimension);
            var gradient = gradients.Slice(pos * _dimension, _dimension);
            if (_uniqueFirst[u] == pos)
            {
                gradient.CopyTo(sum);
            }
            else
            {
                FloatSpans.AddInPlace(sum, gradient);
            }
        }
    }

    private void EnsureBatchScratch(int n)
    {
        if (_batchOrdinals.Length >= n)
        {
            return;
        }

        int size = (int)Math.Min(Array.MaxLength, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n));
        _batchOrdinals = new int[size];
        _uniqueRows = new int[size];
        _uniqueFirst = new int[size];
        _uniqueCount = new int[size];
    }

    /// <summary>A fresh batch number; rows remember the last batch that saw them, which finds duplicates without a set.</summary>
    private int NextBatchEpoch()
    {
        if (++_batchEpoch == int.MaxValue)
        {
            for (int row = 0; row < _highWater; row++)
            {
                Meta(row)->BatchEpoch = 0;
            }

            _batchEpoch = 1;
        }

        return _batchEpoch;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
