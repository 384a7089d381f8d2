using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// A full snapshot of one training shard written to, and restored from, one store through the public
/// <see cref="ShardSnapshots"/> path the grains use: part (rows, Adagrad state, XxHash64) plus manifest, and
/// restore by manifest lookup, checksum verification and Import into a fresh table.
/// </summary>
internal sealed class SnapshotStoreRun(ISnapshotStore store, TableConfig config)
{
    public const string SnapshotId = "bench-full";

    /// <summary>Writes the part and the manifest; timed together, as a snapshot exists only once both are written.</summary>
    public async Task<Measured> Write(EmbeddingTable table)
    {
        var started = Stopwatch.GetTimestamp();
        var part = await NewShardSnapshots().WriteTrainingPart(
            table, config, 0, new SnapshotPartRequest { SnapshotId = SnapshotId, Kind = SnapshotKind.Full }, CancellationToken.None);
        await store.WriteManifest(new SnapshotManifest
        {
            FormatVersion = SnapshotManifest.CurrentFormatVersion,
            Id = SnapshotId,
            Kind = SnapshotKind.Full,
            CreatedAt = DateTimeOffset.UtcNow,
            Duration = Stopwatch.GetElapsedTime(started),
            Tables = [config],
            Parts = [part],
        }, CancellationToken.None);
        return new Measured(part.Bytes, part.Rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Restores into a fresh table (a new catalog, so the manifest is read again), then checks every row
    /// against the generator outside the timed part.</summary>
    public async Task<Measured> Restore(int rows, long bytes)
    {
        var snapshots = NewShardSnapshots();
        var started = Stopwatch.GetTimestamp();
        using var table = await snapshots.RestoreTraining(config, 0, SnapshotId, CancellationToken.None)
            ?? throw new InvalidOperationException($"No usable part of snapshot {SnapshotId} in {store.Location}.");
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        SyntheticRows.Verify(table, rows);
        return new Measured(bytes, table.Count, seconds);
    }

    /// <summary>Removes the snapshot, if written, so the next write creates its files afresh.</summary>
    public Task Delete() => store.Delete(SnapshotId, CancellationToken.None);

    private ShardSnapshots NewShardSnapshots() => new(
        new SnapshotCatalog(store, NullLogger<SnapshotCatalog>.Instance),
        Options.Create(new SnapshotOptions()),
        NullLogger<ShardSnapshots>.Instance);
}
