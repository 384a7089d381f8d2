using System.Diagnostics;
using ParameterServer.Embeddings;

namespace ParameterServer.Grains.Telemetry;

/// <summary>
/// One shard activation as telemetry sees it: records its calls on <see cref="ParameterServerInstruments"/> and keeps
/// the figures the dashboard page and health endpoint show. The grain calls the recording methods on its own turn;
/// <see cref="Rows"/> and <see cref="MemoryBytes"/> are read from other threads without locking, so a reader may see
/// a value one batch old (never a torn one: both are single machine words).
/// </summary>
public sealed class ShardTelemetry : IDisposable
{
    private readonly LocalShards _owner;
    private readonly Func<EmbeddingTable?> _rows;
    private readonly KeyValuePair<string, object?> _tableTag;
    private long _lastSyncAtMs;
    private long _lastSyncLagMs = -1;
    private volatile bool _loaded = true;

    internal ShardTelemetry(LocalShards owner, ShardRole role, string table, int shard, Func<EmbeddingTable?> rows)
    {
        _owner = owner;
        _rows = rows;
        Role = role;
        Table = table;
        Shard = shard;
        RoleName = role == ShardRole.Training ? "training" : "serving";
        _tableTag = new(ParameterServerInstruments.TableTag, table);
    }

    public ShardRole Role { get; }

    /// <summary>"training" or "serving", the value of the <c>role</c> tag.</summary>
    public string RoleName { get; }

    public string Table { get; }

    public int Shard { get; }

    /// <summary>
    /// Whether the shard holds the rows it should serve: the shard clears it while it loads its rows (restores a
    /// snapshot) and sets it when they are in. The health endpoint reports the silo not ready while any shard is not
    /// loaded. True for a registration nobody changes.
    /// </summary>
    public bool Loaded
    {
        get => _loaded;
        set => _loaded = value;
    }

    public int Rows => _rows()?.Count ?? 0;

    public long MemoryBytes => _rows()?.MemoryBytes ?? 0;

    /// <summary>Training: lag of the last non-empty sync batch serving acknowledged (null before the first).</summary>
    public TimeSpan? LastSyncLag
    {
        get
        {
            var lag = Interlocked.Read(ref _lastSyncLagMs);
            return lag < 0 ? null : TimeSpan.FromMilliseconds(lag);
        }
    }

    /// <summary>Training: when serving last acknowledged a sync batch, heartbeats included (null before the first).</summary>
    public DateTimeOffset? LastSyncAt
    {
        get
        {
            var at = Interlocked.Read(ref _lastSyncAtMs);
            return at == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(at);
        }
    }

    public void Pulled(int rows) => ParameterServerInstruments.RowsPulled.Add(rows, _tableTag);

    public void LookedUp(int rows) => ParameterServerInstruments.RowsLookedUp.Add(rows, _tableTag);

    /// <summary>A push of <paramref name="rows"/> gradient rows, <paramref name="filtered"/> of them dropped by the
    /// admission filter, applied in the time since <paramref name="startedTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Pushed(int rows, long filtered, long startedTimestamp)
    {
        ParameterServerInstruments.RowsPushed.Add(rows, _tableTag);
        ParameterServerInstruments.PushDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, _tableTag);
        if (filtered > 0)
        {
            ParameterServerInstruments.FilterRejections.Add(filtered, _tableTag);
        }
    }

    public void Evicted(int rows)
    {
        if (rows > 0)
        {
            ParameterServerInstruments.Evictions.Add(rows, _tableTag);
        }
    }

    /// <summary>Serving acknowledged <paramref name="batch"/> at <paramref name="nowMs"/> (Unix ms, training's clock).</summary>
    public void SyncAcknowledged(SyncBatch batch, long nowMs)
    {
        Interlocked.Exchange(ref _lastSyncAtMs, nowMs);
        var size = batch.RowCount + batch.TombstoneBytes.Length / sizeof(long);
        if (size == 0)
        {
            return;
        }

        ParameterServerInstruments.SyncBatchRows.Record(size, _tableTag);
        var updatedAt = batch.UpdatedAtMs;
        if (updatedAt.Length > 0)
        {
            var oldest = long.MaxValue;
            foreach (var ms in updatedAt)
            {
                oldest = Math.Min(oldest, ms);
            }

            var lagMs = Math.Max(0, nowMs - oldest);
            Interlocked.Exchange(ref _lastSyncLagMs, lagMs);
            ParameterServerInstruments.SyncLag.Record(lagMs / 1000.0, _tableTag);
        }
    }

    /// <summary>Serving acknowledged a whole full copy at <paramref name="nowMs"/>.</summary>
    public void FullCopySent(long nowMs)
    {
        Interlocked.Exchange(ref _lastSyncAtMs, nowMs);
        ParameterServerInstruments.FullCopies.Add(1, _tableTag);
    }

    public void Dispose() => _owner.Remove(this);
}
