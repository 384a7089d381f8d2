using Microsoft.Extensions.Logging;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// The complete snapshots of the store, newest first. Every answer comes from a listing that started after the
/// question was asked (a snapshot written a moment ago is never missed), yet a burst of shard activations shares
/// listings: callers that arrive while one runs are answered together by the next. Manifests never change once
/// written, so each is read once.
/// </summary>
public sealed partial class SnapshotCatalog(ISnapshotStore store, ILogger<SnapshotCatalog> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SnapshotManifest?> _manifests = new(StringComparer.Ordinal);
    private IReadOnlyList<SnapshotManifest> _newestFirst = [];
    private long _requests;
    private long _lastListingCovers;

    public ISnapshotStore Store => store;

    /// <summary>Complete, readable snapshots, newest first. Unreadable manifests are logged once and left out.</summary>
    public async Task<IReadOnlyList<SnapshotManifest>> Manifests(CancellationToken cancellationToken)
    {
        var request = Interlocked.Increment(ref _requests);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lastListingCovers >= request)
            {
                return _newestFirst;
            }

            // Every request counted so far arrived before this listing starts, so it answers them all.
            var covers = Interlocked.Read(ref _requests);
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
                        ParameterServerInstruments.RecordSnapshotRejected("");
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
            _lastListingCovers = covers;
            return _newestFirst;
        }
        finally
        {
            _gate.Release();
        }
    }

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
