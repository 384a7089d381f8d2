using System.Globalization;
using System.Text;
using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Sparse;

/// <summary>The Markdown report, ending with the one key=value line that scripts read.</summary>
internal static class SparseReport
{
    public static string Format(SparseResult r)
    {
        var sdk = r.Sdk.AtBestShards;
        var (sdkPull, sdkPush) = (sdk.BestPull, sdk.BestPush);
        var (redisPull, redisPush) = (r.Redis.BestPull, r.Redis.BestPush);
        var p50 = Percentile(r.FreshnessSeconds, 0.50);
        var p99 = Percentile(r.FreshnessSeconds, 0.99);
        var pullRatio = sdkPull.Pull.RowsPerSecond / redisPull.Pull.RowsPerSecond;
        var pushRatio = sdkPush.Push.RowsPerSecond / redisPush.Push.RowsPerSecond;

        var s = new StringBuilder();
        s.AppendLine(Invariant($"## sparse{(r.Settings.IsQuick ? " --quick" : "")}: dim {SparseSettings.Dimension}, batches of {SparseSettings.BatchSize} IDs from Zipf({SparseSettings.ZipfExponent}) over {SparseSettings.IdSpace:N0} IDs"));
        s.AppendLine();
        s.AppendLine(Invariant($"{r.Settings.BatchCount} batches cycled, {r.MeanUniquePerBatch:F0} distinct IDs per batch on average, {r.DistinctIds:N0} distinct IDs in all. rows = distinct rows moved; IDs = caller IDs (with duplicates). Silo DOTNET_GCgen0size: {r.Settings.SiloGen0Size ?? "runtime default"}."));
        s.AppendLine();
        OtherCpu.AppendTo(s, r.OtherCpuSeconds);

        s.AppendLine("| metric | value | target |");
        s.AppendLine("|---|---|---|");
        Row(s, "in-process Lookup, rows/s (1 thread, distinct IDs per batch)", Millions(r.InProcess.Lookup.RowsPerSecond), Target(r.InProcess.Lookup.RowsPerSecond, 12e6, "≥ 12M"));
        Row(s, "in-process Adagrad ApplyGradients, rows/s (1 thread, distinct IDs)", Millions(r.InProcess.Adagrad.RowsPerSecond), Target(r.InProcess.Adagrad.RowsPerSecond, 8e6, "≥ 8M"));
        Row(s, "in-process Lookup on raw batches, IDs/s", Millions(r.InProcess.LookupRaw.IdsPerSecond), "");
        Row(s, "in-process Adagrad on raw batches (table sums duplicates), IDs/s", Millions(r.InProcess.AdagradRaw.IdsPerSecond), "");
        Row(s, Invariant($"SDK PullForTraining, rows/s ({sdkPull.Shards} shards, {sdkPull.InFlight} batches in flight)"), Millions(sdkPull.Pull.RowsPerSecond), Target(sdkPull.Pull.RowsPerSecond, 3e6, "≥ 3M"));
        Row(s, "SDK PullForTraining, caller IDs/s", Millions(sdkPull.Pull.IdsPerSecond), "");
        Row(s, Invariant($"SDK PushGradients, rows/s ({sdkPush.Shards} shards, {sdkPush.InFlight} batches in flight)"), Millions(sdkPush.Push.RowsPerSecond), Target(sdkPush.Push.RowsPerSecond, 2.5e6, "≥ 2.5M"));
        Row(s, "SDK PushGradients, caller IDs/s", Millions(sdkPush.Push.IdsPerSecond), "");
        Row(s, Invariant($"Redis pull (MGET ×{512}), rows/s ({redisPull.InFlight} batches in flight)"), Millions(redisPull.Pull.RowsPerSecond), "");
        Row(s, Invariant($"Redis push (MGET, client Adagrad, MSET), rows/s ({redisPush.InFlight} in flight)"), Millions(redisPush.Push.RowsPerSecond), "");
        Row(s, "sdk_pull / redis_pull", Invariant($"{pullRatio:F2}×"), Target(pullRatio, 3, "≥ 3×"));
        Row(s, "sdk_push / redis_push", Invariant($"{pushRatio:F2}×"), "");
        Row(s, Invariant($"freshness p50, s (push ack → visible via Lookup; n={r.FreshnessSeconds.Length})"), Seconds(p50), "");
        Row(s, Invariant($"freshness p99, s (n={r.FreshnessSeconds.Length})"), Seconds(p99), Target(-p99, -2, "≤ 2 s"));
        s.AppendLine();
        s.AppendLine("| system | shards | in flight | pull rows/s | pull IDs/s | push rows/s | push IDs/s | harness gen0/s (pull, push) |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in r.Sdk.Points.Select(p => ("SDK", p)).Concat(r.Redis.Points.Select(p => ("Redis", p))))
        {
            s.AppendLine(Invariant(
                $"| {p.Item1} | {(p.p.Shards == 0 ? "-" : p.p.Shards)} | {p.p.InFlight} | {Millions(p.p.Pull.RowsPerSecond)} | {Millions(p.p.Pull.IdsPerSecond)} | {Millions(p.p.Push.RowsPerSecond)} | {Millions(p.p.Push.IdsPerSecond)} | {p.p.Pull.Gen0PerSecond:F0}, {p.p.Push.Gen0PerSecond:F0} |"));
        }

        s.AppendLine();
        s.AppendLine(Invariant($"SDK figures use {sdk.Points[0].Shards} shards: of {string.Join(" and ", r.Sdk.Points.Select(p => p.Shards).Distinct())}, the count with the highest best-pull plus best-push."));
        s.AppendLine();
        s.Append(Invariant(
            $"inproc_lookup_rows_s={r.InProcess.Lookup.RowsPerSecond:F0} inproc_adagrad_rows_s={r.InProcess.Adagrad.RowsPerSecond:F0} ")).Append(Invariant(
            $"sdk_pull_rows_s={sdkPull.Pull.RowsPerSecond:F0} sdk_push_rows_s={sdkPush.Push.RowsPerSecond:F0} ")).Append(Invariant(
            $"redis_pull_rows_s={redisPull.Pull.RowsPerSecond:F0} redis_push_rows_s={redisPush.Push.RowsPerSecond:F0} ")).Append(Invariant(
            $"sdk_pull_ids_s={sdkPull.Pull.IdsPerSecond:F0} sdk_push_ids_s={sdkPush.Push.IdsPerSecond:F0} ")).Append(
            $"freshness_p50_s={Seconds(p50)} freshness_p99_s={Seconds(p99)}");
        return s.ToString();
    }

    /// <summary>Nearest-rank percentile; +∞ samples (never visible) sort last.</summary>
    private static double Percentile(double[] samples, double p)
    {
        if (samples.Length == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static void Row(StringBuilder s, string metric, string value, string target) =>
        s.AppendLine($"| {metric} | {value} | {target} |");

    /// <summary>The target and whether it is met; <paramref name="value"/> ≥ <paramref name="bound"/> passes.</summary>
    private static string Target(double value, double bound, string text) => $"{text} {(value >= bound ? "met" : "**missed**")}";

    private static string Millions(double perSecond) => Invariant($"{perSecond / 1e6:F2}M");

    private static string Seconds(double seconds) => double.IsFinite(seconds) ? Invariant($"{seconds:F3}") : "inf";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
