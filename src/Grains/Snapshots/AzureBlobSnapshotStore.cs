using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ParameterServer.Grains.Snapshots;

/// <summary>Snapshots as blobs: <c>&lt;id&gt;/manifest.json</c> and <c>&lt;id&gt;/&lt;part&gt;</c> in one container.</summary>
public sealed class AzureBlobSnapshotStore(BlobContainerClient container) : ISnapshotStore
{
    private const string ManifestName = "manifest.json";
    private bool _containerExists;

    public string Location => container.Uri.ToString();

    public async Task WritePart(string snapshotId, string partName, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        await EnsureContainer(cancellationToken);
        try
        {
            // The block list is committed when the stream closes; a part left half-written is never listed in a manifest.
            await using var stream = await container.GetBlobClient($"{snapshotId}/{partName}")
                .OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken);
            await write(stream);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // The container went away (deleted, or storage restored from an older state): the retry creates it again.
            _containerExists = false;
            throw;
        }
    }

    public async Task<Stream> OpenPart(string snapshotId, string partName, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient($"{snapshotId}/{partName}").OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new SnapshotFormatException($"Snapshot part {Location}/{snapshotId}/{partName} is missing.");
        }
    }

    public async Task WriteManifest(SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        await EnsureContainer(cancellationToken);
        try
        {
            // One PUT: the blob appears whole or not at all.
            await container.GetBlobClient($"{manifest.Id}/{ManifestName}")
                .UploadAsync(BinaryData.FromBytes(SnapshotManifestJson.Serialize(manifest)), overwrite: true, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            _containerExists = false;
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> ListSnapshotIds(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return ids;
        }

        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (blob.Name.EndsWith("/" + ManifestName, StringComparison.Ordinal))
            {
                ids.Add(blob.Name[..^(ManifestName.Length + 1)]);
            }
        }

        return ids;
    }

    public async Task<SnapshotManifest> ReadManifest(string snapshotId, CancellationToken cancellationToken)
    {
        var name = $"{Location}/{snapshotId}/{ManifestName}";
        try
        {
            var content = await container.GetBlobClient($"{snapshotId}/{ManifestName}").DownloadContentAsync(cancellationToken);
            return SnapshotManifestJson.Deserialize(content.Value.Content.ToMemory().Span, name);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new SnapshotFormatException($"Snapshot manifest {name} is missing.");
        }
    }

    public async Task Delete(string snapshotId, CancellationToken cancellationToken)
    {
        await container.GetBlobClient($"{snapshotId}/{ManifestName}").DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, snapshotId + "/", cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }

    private async Task EnsureContainer(CancellationToken cancellationToken)
    {
        if (!_containerExists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _containerExists = true;
        }
    }
}
