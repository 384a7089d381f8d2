namespace ParameterServer;

/// <summary>
/// Coordinates snapshots of the whole cluster (one activation, key <see cref="Key"/>): a daily full snapshot and
/// frequent incremental ones by reminder, on-demand snapshots, the catalogue, and rolling back to a snapshot.
/// </summary>
[Alias("ps.ISnapshotGrain")]
public interface ISnapshotGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Writes a snapshot now and returns it once its manifest is written. An incremental snapshot becomes a
    /// full one when there is no complete chain to extend. Throws <see cref="SnapshotFailedException"/>.</summary>
    [Alias("SnapshotNow"), ResponseTimeout("01:00:00")]
    Task<SnapshotInfo> SnapshotNow(SnapshotKind kind);

    /// <summary>Complete snapshots, newest first.</summary>
    [Alias("ListSnapshots"), Orleans.Concurrency.AlwaysInterleave]
    Task<SnapshotInfo[]> ListSnapshots();

    /// <summary>Rolls every table in the snapshot back to it (its chain up to <paramref name="snapshotId"/>);
    /// serving copies follow by a full resync. Returns the number of training shards restored.</summary>
    [Alias("Restore"), ResponseTimeout("01:00:00")]
    Task<int> Restore(string snapshotId);

    /// <summary>Makes sure the reminders are registered (called by every silo at start-up).</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduled();
}
