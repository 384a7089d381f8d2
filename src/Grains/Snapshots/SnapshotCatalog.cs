using Microsoft.Extensions.Logging;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// The complete snapshots of the store, newest first, as this silo last read them. Manifests never change once
/// written, so each is read once; the list of ids is re-read when older than a couple of seconds, which keeps a burst
/// of shard activations from listing the store once each.
/// </summary>
public sealed partial class SnapshotCatalog(ISnapshotStore store, TimeProvider time, ILogger<SnapshotCatalog> logger)
{
    private static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SnapshotManifest?> _manifests = new(StringComparer.Ordinal);
    private IReadOnlyList<SnapshotManifest> _newestFirst = [];
    private DateTimeOffset _listedAt = DateTimeOffset.MinValue;

    public ISnapshotStore Store => store;

    /// <summary>Complete, readable snapshots, newest first. Unreadable manifests are logged once and left out.</summary>
    public async Task<IReadOnlyList<SnapshotManifest>> Manifests(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _listedAt < ListingLifetime)
            {
                return _newestFirst;
            }

            var listed = new List<SnapshotManifest>();
            foreach (var id in await store.ListSnapshotIds(cancellationToken))
            {
                if (!_manifests.TryGetValue(id, out var manifest))
                {
                    try
                    {
                        manifest = await store.ReadManifest(id, cancellationToken);
                    }
                    catch (SnapshotFormatException e)
                    {
                        LogUnreadableManifest(logger, id, e.Message);
                        manifest = null;
                    }

                    _manifests[id] = manifest;
                }

                if (manifest is not null)
                {
                    listed.Add(manifest);
                }
            }

            _newestFirst = listed.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal).ToArray();
            _listedAt = time.GetUtcNow();
            return _newestFirst;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the listing (after a snapshot was written or deleted here).</summary>
    public void Invalidate() => _listedAt = DateTimeOffset.MinValue;

    /// <summary>The chain from a full snapshot to <paramref name="last"/>, oldest first; null when a link is missing.</summary>
    public static IReadOnlyList<SnapshotManifest>? ChainEndingAt(SnapshotManifest last, IReadOnlyList<SnapshotManifest> all)
    {
        var chain = new List<SnapshotManifest> { last };
        var current = last;
        while (current.Kind == SnapshotKind.Incremental)
        {
            current = all.FirstOrDefault(m => m.Id == current.BaseId);
            if (current is null || chain.Count > all.Count)
            {
                return null;
            }

            chain.Add(current);
        }

        chain.Reverse();
        return chain;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Snapshot {SnapshotId} is left out: {Reason}")]
    private static partial void LogUnreadableManifest(ILogger logger, string snapshotId, string reason);
}
