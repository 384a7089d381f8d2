namespace ParameterServer.Grains.Snapshots;

/// <summary>Snapshots as files: <c>root/&lt;id&gt;/manifest.json</c> and <c>root/&lt;id&gt;/&lt;part&gt;</c>.</summary>
public sealed class LocalFolderSnapshotStore(string root) : ISnapshotStore
{
    private const string ManifestName = "manifest.json";

    public string Location => Path.GetFullPath(root);

    public async Task WritePart(string snapshotId, string partName, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var path = PartPath(snapshotId, partName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await write(file);
    }

    public Task<Stream> OpenPart(string snapshotId, string partName, CancellationToken cancellationToken)
    {
        var path = PartPath(snapshotId, partName);
        if (!File.Exists(path))
        {
            throw new SnapshotFormatException($"Snapshot part {path} is missing.");
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
    }

    public async Task WriteManifest(SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        // Written aside, flushed to disk, then renamed: the rename is the moment the snapshot appears.
        var path = Path.Combine(root, manifest.Id, ManifestName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await file.WriteAsync(SnapshotManifestJson.Serialize(manifest), cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public Task<IReadOnlyList<string>> ListSnapshotIds(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Where(d => File.Exists(Path.Combine(d, ManifestName)))
                .Select(Path.GetFileName)
                .OfType<string>()
                .ToArray()
            : [];
        return Task.FromResult(ids);
    }

    public async Task<SnapshotManifest> ReadManifest(string snapshotId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, snapshotId, ManifestName);
        if (!File.Exists(path))
        {
            throw new SnapshotFormatException($"Snapshot manifest {path} is missing.");
        }

        return SnapshotManifestJson.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken), path);
    }

    public Task Delete(string snapshotId, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, snapshotId);
        if (Directory.Exists(folder))
        {
            File.Delete(Path.Combine(folder, ManifestName));
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string PartPath(string snapshotId, string partName) => Path.Combine(root, snapshotId, partName);
}
