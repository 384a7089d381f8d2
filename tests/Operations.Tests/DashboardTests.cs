using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// The Orleans dashboard and the parameter-server page as a browser shows them (headless Chromium), with screenshots
/// kept under artifacts/operations-tests/ for people to look at.
/// </summary>
[Collection(OperationsSiloCollection.Name)]
public sealed class DashboardTests(OperationsSiloFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DashboardListsTheParameterServerGrainTypesWithActivations()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("dashboard"), shards: 4));
        await ps.PullForTraining(config.Name, Tables.Ids(1_000));
        await Eventually.Holds("four serving shards fed by sync", Deadline,
            () => fixture.Silo.Shards.Shards.Count(s => s.Table == config.Name && s.Role == ShardRole.Serving) == config.Shards);

        // The dashboard aggregates silo counters every second; wait for its JSON before opening the page.
        using var http = new HttpClient { BaseAddress = fixture.Silo.DashboardUri };
        await Eventually.Holds("the dashboard's counters to list both shard grain types with 4+ activations", Deadline,
            async () =>
            {
                var counters = JsonDocument.Parse(await http.GetStringAsync("dashboard/DashboardCounters")).RootElement;
                var stats = counters.GetProperty("simpleGrainStats").EnumerateArray()
                    .GroupBy(s => s.GetProperty("grainType").GetString()!)
                    .ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("activationCount").GetInt32()));
                return stats.Any(s => s.Key.EndsWith(".TrainingShardGrain", StringComparison.Ordinal) && s.Value >= 4)
                    && stats.Any(s => s.Key.EndsWith(".ServingShardGrain", StringComparison.Ordinal) && s.Value >= 4);
            });

        var page = new Uri(fixture.Silo.DashboardUri, "dashboard/#/grains");
        var dom = await HeadlessChromium.DumpDom(page);
        Assert.True(ActivationsShown(dom, "TrainingShardGrain") >= 4, $"TrainingShardGrain activations on the grains page:\n{Excerpt(dom)}");
        Assert.True(ActivationsShown(dom, "ServingShardGrain") >= 4, $"ServingShardGrain activations on the grains page:\n{Excerpt(dom)}");
        Assert.True(ActivationsShown(dom, "TableRegistryGrain") >= 1, $"TableRegistryGrain activations on the grains page:\n{Excerpt(dom)}");

        var screenshot = Path.Combine(RepositoryPaths.Artifacts, "dashboard-grains.png");
        await HeadlessChromium.Screenshot(page, screenshot);
        AssertPng(screenshot);
    }

    [Fact]
    public async Task ParameterServerPageShowsTablesShardsPerSiloRowsAndSyncLag()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("page"), shards: 3));
        var ids = Tables.Ids(600);
        await ps.PullForTraining(config.Name, ids);
        await Eventually.Holds("the first full copy of each training shard", Deadline,
            () => Training(config.Name).Count == config.Shards && Training(config.Name).All(s => s.LastSyncAt is not null));
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 5));
        await Eventually.Holds("a sync lag on each training shard", Deadline,
            () => Training(config.Name).All(s => s.LastSyncLag is not null));
        await Eventually.Holds("600 rows in serving", Deadline,
            () => fixture.Silo.Shards.Shards.Where(s => s.Table == config.Name && s.Role == ShardRole.Serving).Sum(s => s.Rows) == ids.Length);

        var page = new Uri(fixture.Silo.DashboardUri, "parameter-server");
        var dom = await HeadlessChromium.DumpDom(page, virtualTimeMs: 1_000);
        var row = Regex.Match(dom, $"<tr data-table=\"{Regex.Escape(config.Name)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for table {config.Name}:\n{Excerpt(dom)}");
        var cells = Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

        // table, shards, dimension, optimizer, min count, TTL, training active, serving active, training rows, serving rows, memory, lag
        Assert.Equal([config.Name, "3", "8", "Sgd", "1", "none", "3", "3", "600", "600"], cells[..10]);
        Assert.Matches(@"^\d+(\.\d)? (ms|s)$", cells[11]);
        Assert.Contains(">all<", dom);

        var screenshot = Path.Combine(RepositoryPaths.Artifacts, "parameter-server-page.png");
        await HeadlessChromium.Screenshot(page, screenshot, virtualTimeMs: 1_000);
        AssertPng(screenshot);
    }

    /// <summary>The activation count the grains table shows for a grain class (the number in the row's third cell).</summary>
    private static int ActivationsShown(string dom, string grainClass)
    {
        var row = Regex.Match(dom, $@"<a href=""#/grain/[^""]*\.{grainClass}"">{grainClass}</a>.*?<strong>(\d+)</strong>", RegexOptions.Singleline);
        return row.Success ? int.Parse(row.Groups[1].Value) : -1;
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    private List<ShardTelemetry> Training(string table) =>
        fixture.Silo.Shards.Shards.Where(s => s.Table == table && s.Role == ShardRole.Training).ToList();

    private static string Excerpt(string dom) => dom.Length > 4_000 ? dom[..4_000] + "…" : dom;
}
