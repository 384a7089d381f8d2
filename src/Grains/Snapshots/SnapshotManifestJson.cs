using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParameterServer.Grains.Snapshots;

/// <summary>Manifests are JSON so an operator can read them; the version is checked before anything else.</summary>
internal static class SnapshotManifestJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(SnapshotManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    /// <summary>Throws <see cref="SnapshotFormatException"/> for a future version or a manifest that does not parse.</summary>
    public static SnapshotManifest Deserialize(ReadOnlySpan<byte> json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (!document.RootElement.TryGetProperty(nameof(SnapshotManifest.FormatVersion), out var version)
                || version.GetInt32() != SnapshotManifest.CurrentFormatVersion)
            {
                throw new SnapshotFormatException(
                    $"Snapshot manifest {name} has format version {(version.ValueKind == JsonValueKind.Number ? version.GetInt32() : "none")}; this build reads version {SnapshotManifest.CurrentFormatVersion}.");
            }

            return document.Deserialize<SnapshotManifest>(Options)
                ?? throw new SnapshotFormatException($"Snapshot manifest {name} is empty.");
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException($"Snapshot manifest {name} is not valid JSON: {e.Message}");
        }
    }

    public static string Serialize(TableConfig config) => JsonSerializer.Serialize(config, Options);
}
