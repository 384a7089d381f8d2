namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// The last file of a snapshot: every part with its checksum, and the tables it covers. A snapshot exists only once
/// its manifest does, so a reader never sees one half-written.
/// </summary>
public sealed record SnapshotManifest
{
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }

    public required string Id { get; init; }

    public required SnapshotKind Kind { get; init; }

    /// <summary>The snapshot this incremental one extends; null for a full snapshot.</summary>
    public string? BaseId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required IReadOnlyList<TableConfig> Tables { get; init; }

    public required IReadOnlyList<SnapshotPartResult> Parts { get; init; }

    public SnapshotInfo ToInfo() => new()
    {
        Id = Id,
        Kind = Kind,
        BaseId = BaseId,
        CreatedAt = CreatedAt,
        Duration = Duration,
        Parts = Parts.Count,
        Rows = Parts.Sum(p => p.Rows),
        Bytes = Parts.Sum(p => p.Bytes),
    };
}
