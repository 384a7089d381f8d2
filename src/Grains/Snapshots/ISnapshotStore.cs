namespace ParameterServer.Grains.Snapshots;

/// <summary>Where snapshot parts and manifests live: a local folder or an Azure Blob container.</summary>
public interface ISnapshotStore
{
    /// <summary>Where this store writes, for logs and errors.</summary>
    string Location { get; }

    /// <summary>Writes one part by streaming into <paramref name="write"/>; nothing is buffered whole.</summary>
    Task WritePart(string snapshotId, string partName, Func<Stream, Task> write, CancellationToken cancellationToken);

    /// <summary>Opens a part for reading. Throws <see cref="SnapshotFormatException"/> when it is missing.</summary>
    Task<Stream> OpenPart(string snapshotId, string partName, CancellationToken cancellationToken);

    /// <summary>Writes the manifest last and atomically: before it returns the snapshot does not exist.</summary>
    Task WriteManifest(SnapshotManifest manifest, CancellationToken cancellationToken);

    /// <summary>The ids of snapshots with a manifest, in no particular order.</summary>
    Task<IReadOnlyList<string>> ListSnapshotIds(CancellationToken cancellationToken);

    /// <summary>Reads a manifest; throws <see cref="SnapshotFormatException"/> for a missing, corrupt or future one.</summary>
    Task<SnapshotManifest> ReadManifest(string snapshotId, CancellationToken cancellationToken);

    /// <summary>Deletes a snapshot, manifest first so that it stops existing before its parts go.</summary>
    Task Delete(string snapshotId, CancellationToken cancellationToken);
}
