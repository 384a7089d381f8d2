namespace ParameterServer.Bench.Snapshot;

/// <summary>Everything one `snapshot` run measured; the Markdown report is made from it.</summary>
internal sealed record SnapshotResult
{
    public required SnapshotSettings Settings { get; init; }

    public required int StateWidth { get; init; }

    public required Measured Populate { get; init; }

    /// <summary>Table rows copied into block buffers (as the part writer does) without hashing or writing.</summary>
    public required Measured ExportOnly { get; init; }

    /// <summary>XxHash64 over as many bytes as the part, from memory.</summary>
    public required Measured HashOnly { get; init; }

    /// <summary>Every round of the local snapshot; <see cref="LocalWrite"/> is the fastest.</summary>
    public required Measured[] LocalWrites { get; init; }

    /// <summary>fsync of the part after each timed write (the store does not fsync parts).</summary>
    public required double[] LocalFsyncSeconds { get; init; }

    public required Measured[] FileCopies { get; init; }

    public required Measured[] FileWrites { get; init; }

    public Measured LocalWrite => Best(LocalWrites);

    public Measured FileCopy => Best(FileCopies);

    public Measured FileWrite => Best(FileWrites);

    public required Measured AzuriteWrite { get; init; }

    public required Measured LocalRestoreWarm { get; init; }

    public required Measured PlainReadCold { get; init; }

    public required Measured LocalRestoreCold { get; init; }

    public required Measured AzuriteRestore { get; init; }

    /// <summary>CPU time of the Azurite (Node) process over the run: what bounds its figures on this machine.</summary>
    public required double AzuriteCpuSeconds { get; init; }

    public required (double Others, double Available)? OtherCpuSeconds { get; init; }

    /// <summary>The faster yardstick: a snapshot should cost at most twice the cheapest plain write of its bytes.</summary>
    public Measured Yardstick => FileCopy.Seconds <= FileWrite.Seconds ? FileCopy : FileWrite;

    public double SnapshotOverCopy => LocalWrite.Seconds / Yardstick.Seconds;

    /// <summary>Seconds to restore <see cref="SnapshotSettings.HeadlineRows"/> rows from the local folder (cold),
    /// scaled linearly from the rows restored.</summary>
    public double RestoreHeadlineRowsSeconds => LocalRestoreCold.Seconds * SnapshotSettings.HeadlineRows / LocalRestoreCold.Rows;

    private static Measured Best(Measured[] rounds) => rounds.MinBy(m => m.Seconds);
}
