using System.Net;
using System.Text.Json;
using ParameterServer.Grains.Telemetry;
using ParameterServer.ServiceDefaults;

namespace ParameterServer.Operations.Tests;

/// <summary>The health endpoints the Kubernetes probes call: membership status and whether the shards are loaded.</summary>
[Collection(OperationsSiloCollection.Name)]
public sealed class HealthTests(OperationsSiloFixture fixture)
{
    [Fact]
    public async Task ReadinessReportsActiveMembershipAndTheShardsWithTheirRows()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("health"), shards: 2));
        var ids = Tables.Ids(100);
        await ps.PullForTraining(config.Name, ids);
        var rowsPerShard = fixture.Silo.Shards.Shards.Where(s => s.Table == config.Name && s.Role == ShardRole.Training).ToDictionary(s => s.Shard, s => s.Rows);

        var (status, report) = await Get(OperationsOptions.ReadinessPath);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var membership = report.GetProperty("checks").GetProperty(ParameterServerOperationsSiloBuilderExtensions.MembershipReadyCheck);
        Assert.Equal("Active", membership.GetProperty("data").GetProperty("status").GetString());
        var shards = report.GetProperty("checks").GetProperty(ParameterServerOperationsSiloBuilderExtensions.ShardsCheck).GetProperty("data");
        Assert.Equal(ids.Length, rowsPerShard.Values.Sum());
        for (var shard = 0; shard < config.Shards; shard++)
        {
            Assert.Equal(rowsPerShard[shard], shards.GetProperty($"{config.Name}/{shard}/training").GetInt32());
        }

        Assert.Equal("all", shards.GetProperty("pool").GetString());
    }

    [Fact]
    public async Task AShardThatIsNotLoadedMakesTheSiloNotReadyButStillLive()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("loading"), shards: 2));
        await ps.PullForTraining(config.Name, Tables.Ids(10));
        var shard = fixture.Silo.Shards.Shards.First(s => s.Table == config.Name && s.Role == ShardRole.Training);
        shard.Loaded = false;
        try
        {
            var (status, report) = await Get(OperationsOptions.ReadinessPath);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            var description = report.GetProperty("checks").GetProperty(ParameterServerOperationsSiloBuilderExtensions.ShardsCheck).GetProperty("description").GetString();
            Assert.Contains($"{config.Name}/{shard.Shard}/training", description);

            var (liveStatus, live) = await Get(OperationsOptions.LivenessPath);
            Assert.Equal(HttpStatusCode.OK, liveStatus);
            Assert.Equal("Healthy", live.GetProperty("checks").GetProperty(ParameterServerOperationsSiloBuilderExtensions.MembershipLiveCheck).GetProperty("status").GetString());
        }
        finally
        {
            shard.Loaded = true;
        }

        Assert.Equal(HttpStatusCode.OK, (await Get(OperationsOptions.ReadinessPath)).Status);
    }

    private async Task<(HttpStatusCode Status, JsonElement Report)> Get(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Silo.MetricsUri };
        using var response = await http.GetAsync(path.TrimStart('/'));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}
