using System.Globalization;
using System.Text;
using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Snapshot;

/// <summary>The Markdown report, ending with the one key=value line that scripts read (local-folder figures first).</summary>
internal static class SnapshotReport
{
    public static string Format(SnapshotResult r)
    {
        var rows = r.Settings.Rows;
        var rowBytes = 2 * sizeof(long) + (SnapshotSettings.Dimension + r.StateWidth) * sizeof(float);
        var s = new StringBuilder();
        s.AppendLine(Invariant($"## snapshot{(r.Settings.IsQuick ? " --quick" : "")}: one training shard of {rows:N0} rows, dim {SnapshotSettings.Dimension}, Adagrad"));
        s.AppendLine();
        s.AppendLine(Invariant($"A part row is {rowBytes} B (id, updated-at, {SnapshotSettings.Dimension} values, {r.StateWidth} accumulators); the part is {r.LocalWrite.Bytes / 1e6:F0} MB. MB = 10^6 bytes. Snapshot = part + manifest through ShardSnapshots; restore = manifest lookup, checksum-verified read and Import into a fresh table (every row then checked, untimed)."));
        s.AppendLine();
        OtherCpu.AppendTo(s, r.OtherCpuSeconds);

        s.AppendLine("| metric | value | target |");
        s.AppendLine("|---|---|---|");
        Row(s, Invariant($"restore of {SnapshotSettings.HeadlineRows / 1e6:F0}M rows from the local folder, cold, s{(rows == SnapshotSettings.HeadlineRows ? "" : Invariant($" (scaled from {rows / 1e6:F0}M)"))}"),
            Invariant($"{r.RestoreHeadlineRowsSeconds:F1}"), Target(r.RestoreHeadlineRowsSeconds <= 30, "≤ 30 s"));
        Row(s, Invariant($"snapshot time / plain {(r.Yardstick == r.FileCopy ? "File.Copy" : "FileStream write")} of the same bytes (the faster yardstick)"),
            Invariant($"{r.SnapshotOverCopy:F2}×"), Target(r.SnapshotOverCopy <= 2, "≤ 2×"));
        s.AppendLine();
        s.AppendLine(Invariant($"Snapshot, File.Copy and FileStream write ran in {r.Settings.WriteRounds} interleaved rounds (each file fsynced and deleted, untimed, before the next step); their rows show the fastest round, with every round's seconds. Other steps ran once."));
        s.AppendLine();
        s.AppendLine("| step | store | s | MB/s | rows/s | rounds, s |");
        s.AppendLine("|---|---|---|---|---|---|");
        Step(s, "populate (generate + Import in blocks of 65,536)", "memory", r.Populate);
        Step(s, "snapshot: part + manifest", "local folder", r.LocalWrite, r.LocalWrites);
        s.AppendLine(Invariant($"| then fsync of the part (not in the snapshot figure) | local folder | {r.LocalFsyncSeconds.Min():F2} | | | {string.Join(", ", r.LocalFsyncSeconds.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} |"));
        Step(s, "yardstick: File.Copy of the part (source cached)", "local folder", r.FileCopy, r.FileCopies);
        Step(s, "yardstick: FileStream write of as many bytes", "local folder", r.FileWrite, r.FileWrites);
        Step(s, "snapshot: part + manifest", "Azurite", r.AzuriteWrite);
        Step(s, "restore, part in page cache", "local folder", r.LocalRestoreWarm);
        Step(s, "yardstick: FileStream read of the part, cold", "local folder", r.PlainReadCold);
        Step(s, "restore, part evicted from page cache (cold)", "local folder", r.LocalRestoreCold);
        Step(s, "restore (Azurite's files in page cache)", "Azurite", r.AzuriteRestore);
        Step(s, "breakdown: Export into block buffers only", "memory", r.ExportOnly);
        Step(s, "breakdown: XxHash64 of as many bytes only", "memory", r.HashOnly);
        s.AppendLine();
        s.AppendLine(Invariant($"Azurite (one Node process) used {r.AzuriteCpuSeconds:F0} CPU-seconds for its snapshot and restore, which together took {r.AzuriteWrite.Seconds + r.AzuriteRestore.Seconds:F0} s."));
        s.AppendLine();
        s.Append(Invariant(
            $"snapshot_mb_s={r.LocalWrite.MegabytesPerSecond:F0} restore_mb_s={r.LocalRestoreCold.MegabytesPerSecond:F0} ")).Append(Invariant(
            $"azurite_snapshot_mb_s={r.AzuriteWrite.MegabytesPerSecond:F0} azurite_restore_mb_s={r.AzuriteRestore.MegabytesPerSecond:F0} ")).Append(Invariant(
            $"file_copy_mb_s={r.FileCopy.MegabytesPerSecond:F0} file_write_mb_s={r.FileWrite.MegabytesPerSecond:F0} snapshot_over_copy={r.SnapshotOverCopy:F2} ")).Append(Invariant(
            $"restore_10m_rows_s={r.RestoreHeadlineRowsSeconds:F1}"));
        return s.ToString();
    }

    private static void Step(StringBuilder s, string step, string store, Measured m, Measured[]? rounds = null) =>
        s.AppendLine(Invariant(
            $"| {step} | {store} | {m.Seconds:F2} | {(m.Bytes > 0 ? m.MegabytesPerSecond.ToString("F0", CultureInfo.InvariantCulture) : "")} | {(m.Rows > 0 ? Millions(m.RowsPerSecond) : "")} | {(rounds is null ? "" : string.Join(", ", rounds.Select(x => x.Seconds.ToString("F2", CultureInfo.InvariantCulture))))} |"));

    private static void Row(StringBuilder s, string metric, string value, string target) =>
        s.AppendLine($"| {metric} | {value} | {target} |");

    private static string Target(bool met, string target) => $"{target} {(met ? "met" : "**missed**")}";

    private static string Millions(double perSecond) => Invariant($"{perSecond / 1e6:F2}M");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
