namespace ParameterServer.Bench.Snapshot;

/// <summary>Sizes of one `snapshot` run; <see cref="Quick"/> fits in under a minute.</summary>
internal sealed record SnapshotSettings
{
    public const int Dimension = 32;
    public const string TableName = "bench-snapshot";

    /// <summary>Rows per Import call while populating: large blocks, so filling the table costs seconds, not minutes.</summary>
    public const int ImportBlockRows = 1 << 16;

    /// <summary>The headline restore figure is scaled to this many rows (linear: restore is one pass over the part).</summary>
    public const long HeadlineRows = 10_000_000;

    public required bool IsQuick { get; init; }

    /// <summary>Rows of the single training shard written and restored.</summary>
    public required int Rows { get; init; }

    /// <summary>Rounds of snapshot, File.Copy and FileStream write, interleaved; the best of each is reported, as
    /// the machine is shared and one round can be slowed by others' I/O or CPU.</summary>
    public int WriteRounds { get; init; } = 3;

    public static SnapshotSettings Full => new() { IsQuick = false, Rows = 10_000_000 };

    public static SnapshotSettings Quick => new() { IsQuick = true, Rows = 1_000_000 };
}
