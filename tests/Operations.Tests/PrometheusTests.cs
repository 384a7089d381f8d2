using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ParameterServer.Operations.Tests;

/// <summary>The Prometheus endpoint scraped over HTTP, as Prometheus would, and kept to its own port.</summary>
[Collection(OperationsSiloCollection.Name)]
public sealed class PrometheusTests(OperationsSiloFixture fixture)
{
    [Fact]
    public async Task ScrapeCarriesTheTablesCountersAndOrleansMetrics()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("scrape"), shards: 2));
        var ids = Tables.Ids(300);
        await ps.PullForTraining(config.Name, ids);
        await ps.PullForTraining(config.Name, ids);
        await ps.PushGradients(config.Name, ids, RandomRows.Gradients(ids.Length, config.Dimension, seed: 3));

        using var http = new HttpClient { BaseAddress = fixture.Silo.MetricsUri };
        var text = await http.GetStringAsync("metrics");

        Assert.Equal(600, Value(text, "ps_rows_pulled_total", config.Name));
        Assert.Equal(300, Value(text, "ps_rows_pushed_total", config.Name));
        Assert.Equal(2, Value(text, "ps_push_duration_seconds_count", config.Name));
        Assert.Equal(300, Sum(text, "ps_rows", config.Name, "role=\"training\""));
        Assert.Matches(new Regex("^# TYPE ps_push_duration_seconds histogram$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^orleans_catalog_activations\{[^}]*\} \d+", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task EachEndpointAnswersOnlyOnItsOwnPort()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(fixture.Silo.MetricsUri, "metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(fixture.Silo.DashboardUri, "metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(fixture.Silo.DashboardUri, "health/ready"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(fixture.Silo.DashboardUri, "dashboard/DashboardCounters"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(fixture.Silo.MetricsUri, "dashboard/DashboardCounters"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(fixture.Silo.MetricsUri, "parameter-server"))).StatusCode);
    }

    /// <summary>The value of the single sample of <paramref name="metric"/> for <paramref name="table"/>.</summary>
    private static double Value(string text, string metric, string table)
    {
        var samples = Samples(text, metric, table).ToArray();
        return samples.Length == 1
            ? samples[0]
            : throw new Xunit.Sdk.XunitException($"{samples.Length} samples of {metric} for table {table}:\n{Excerpt(text, metric)}");
    }

    private static double Sum(string text, string metric, string table, string label) =>
        Samples(text, metric, table, label).Sum();

    private static IEnumerable<double> Samples(string text, string metric, string table, string? label = null)
    {
        foreach (Match m in Regex.Matches(text, $@"^{Regex.Escape(metric)}\{{(?<labels>[^}}]*)\}} (?<value>\S+)", RegexOptions.Multiline))
        {
            var labels = m.Groups["labels"].Value;
            if (labels.Contains($"table=\"{table}\"") && (label is null || labels.Contains(label)))
            {
                yield return double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
    }

    private static string Excerpt(string text, string metric) =>
        string.Join('\n', text.Split('\n').Where(l => l.StartsWith(metric, StringComparison.Ordinal)).Take(20));
}
