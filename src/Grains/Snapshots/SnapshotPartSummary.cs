namespace ParameterServer.Grains.Snapshots;

/// <summary>What a finished part holds: rows and tombstones written, its length, and its XxHash64 checksum.</summary>
public readonly record struct SnapshotPartSummary(long Rows, long Tombstones, long Bytes, ulong Checksum);
