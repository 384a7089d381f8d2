using System.Globalization;
using System.Net;
using System.Text;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.ServiceDefaults.Dashboard;

/// <summary>
/// The parameter-server page beside the Orleans dashboard: tables, shards per silo, rows, memory and sync lag, from a
/// <see cref="ClusterOverview"/>. Plain server-rendered HTML that refreshes itself every 5 seconds.
/// </summary>
internal static class OverviewPage
{
    /// <summary>Most shard rows listed in the per-shard section; the summaries cover every shard.</summary>
    internal const int MaxListedShards = 500;

    public static string Render(ClusterOverview overview)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
            <title>Parameter server</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em}
            table{border-collapse:collapse;margin:.4em 0} th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
            th{background:#f0eef6} td.l,th.l{text-align:left} .warn{color:#b00;font-weight:bold} .muted{color:#777}
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>Parameter server</h1><p class=\"muted\">Collected by silo {E(overview.CollectedBy)} at {overview.CollectedAt:u}. <a href=\"dashboard/\">Orleans dashboard</a> · <a href=\"parameter-server/overview.json\">JSON</a></p>");

        var shards = overview.Silos.SelectMany(s => s.Shards.Select(shard => (Silo: s, Shard: shard))).ToArray();
        AppendTables(html, overview, shards);
        AppendSilos(html, overview);
        AppendShards(html, shards, overview.CollectedAt);
        if (overview.Unreachable.Count > 0)
        {
            html.Append("<h2 class=\"warn\">Silos that did not answer</h2><ul>");
            foreach (var silo in overview.Unreachable)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(silo)}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendTables(StringBuilder html, ClusterOverview overview, (SiloShardReport Silo, ShardReport Shard)[] shards)
    {
        html.Append("<h2>Tables</h2><table id=\"tables\"><tr><th class=\"l\">table</th><th>shards</th><th>dimension</th><th class=\"l\">optimizer</th><th>min count</th><th class=\"l\">TTL</th>"
            + "<th>training shards active</th><th>serving shards active</th><th>training rows</th><th>serving rows</th><th>memory</th><th>max sync lag</th></tr>");
        foreach (var table in overview.Tables)
        {
            var mine = shards.Where(s => s.Shard.Table == table.Name).Select(s => s.Shard).ToArray();
            var training = mine.Where(s => s.Role == ShardRole.Training).ToArray();
            var serving = mine.Where(s => s.Role == ShardRole.Serving).ToArray();
            var lag = training.Select(s => s.LastSyncLag).Where(l => l is not null).Max();
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-table=\"{E(table.Name)}\"><td class=\"l\">{E(table.Name)}</td><td>{table.Shards}</td><td>{table.Dimension}</td><td class=\"l\">{table.Embedding.Optimizer.Kind}</td>"
                + $"<td>{table.Embedding.MinCount}</td><td class=\"l\">{table.Embedding.TimeToLive?.ToString() ?? "none"}</td>"
                + $"<td>{training.Length}</td><td>{serving.Length}</td><td>{training.Sum(s => (long)s.Rows):N0}</td><td>{serving.Sum(s => (long)s.Rows):N0}</td>"
                + $"<td>{Bytes(mine.Sum(s => s.MemoryBytes))}</td><td>{Duration(lag)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendSilos(StringBuilder html, ClusterOverview overview)
    {
        html.Append("<h2>Shards per silo</h2><table id=\"silos\"><tr><th class=\"l\">silo</th><th class=\"l\">address</th><th class=\"l\">pool</th><th>training shards</th><th>serving shards</th><th>rows</th><th>memory</th><th>loading</th></tr>");
        foreach (var silo in overview.Silos)
        {
            var loading = silo.Shards.Count(s => !s.Loaded);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"l\">{E(silo.Name)}</td><td class=\"l\">{E(silo.Silo)}</td><td class=\"l\">{E(silo.Pool)}</td>"
                + $"<td>{silo.Shards.Count(s => s.Role == ShardRole.Training)}</td><td>{silo.Shards.Count(s => s.Role == ShardRole.Serving)}</td>"
                + $"<td>{silo.Shards.Sum(s => (long)s.Rows):N0}</td><td>{Bytes(silo.Shards.Sum(s => s.MemoryBytes))}</td>"
                + $"<td{(loading > 0 ? " class=\"warn\"" : "")}>{loading}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendShards(StringBuilder html, (SiloShardReport Silo, ShardReport Shard)[] shards, DateTimeOffset now)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Shards ({shards.Length})</h2>");
        if (shards.Length > MaxListedShards)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">The first {MaxListedShards} are listed; the summaries above count all.</p>");
        }

        html.Append("<table id=\"shards\"><tr><th class=\"l\">table</th><th>shard</th><th class=\"l\">role</th><th class=\"l\">silo</th><th>rows</th><th>memory</th><th>last sync lag</th><th>since last sync</th><th class=\"l\">loaded</th></tr>");
        foreach (var (silo, shard) in shards
            .OrderBy(s => s.Shard.Table, StringComparer.Ordinal).ThenBy(s => s.Shard.Shard).ThenBy(s => s.Shard.Role)
            .Take(MaxListedShards))
        {
            var since = shard.LastSyncAt is { } at ? now - at : (TimeSpan?)null;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"l\">{E(shard.Table)}</td><td>{shard.Shard}</td><td class=\"l\">{(shard.Role == ShardRole.Training ? "training" : "serving")}</td><td class=\"l\">{E(silo.Name)}</td>"
                + $"<td>{shard.Rows:N0}</td><td>{Bytes(shard.MemoryBytes)}</td><td>{Duration(shard.LastSyncLag)}</td><td>{Duration(since)}</td>"
                + $"<td class=\"l{(shard.Loaded ? "" : " warn")}\">{(shard.Loaded ? "yes" : "loading")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Duration(TimeSpan? value) => value switch
    {
        null => "–",
        { TotalSeconds: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 2 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s"),
        { } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalMinutes:0} min"),
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };
}
