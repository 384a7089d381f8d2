namespace ParameterServer.Grains.Snapshots;

/// <summary>A part or manifest that cannot be used: truncated, wrong checksum, unknown format version, or not the
/// part that was asked for. The restore falls back to the previous complete snapshot.</summary>
public sealed class SnapshotFormatException(string message) : Exception(message);
