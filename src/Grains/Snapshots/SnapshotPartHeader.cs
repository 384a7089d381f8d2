namespace ParameterServer.Grains.Snapshots;

/// <summary>Identity of a part: which shard of which table generation it holds, and the row layout.</summary>
public sealed record SnapshotPartHeader(
    SnapshotPartKind Kind,
    string Table,
    int Shard,
    long Generation,
    int Dimension,
    int StateWidth,
    string TableConfigJson);
