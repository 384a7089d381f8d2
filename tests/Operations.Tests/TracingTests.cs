using System.Diagnostics;
using ParameterServer.Telemetry;

namespace ParameterServer.Operations.Tests;

/// <summary>One pull followed from the SDK's activity through the Orleans client calls to the shard grains.</summary>
[Collection(OperationsSiloCollection.Name)]
public sealed class TracingTests(OperationsSiloFixture fixture)
{
    private const string ShardPull = "ITrainingShardGrain/Pull";

    [Fact]
    public async Task OnePullIsOneTraceThroughEveryShardItTouched()
    {
        var ps = fixture.Silo.Client;
        var config = await ps.CreateTable(Tables.Sgd(Tables.UniqueName("trace"), shards: 4));
        var ids = Tables.Ids(2_000);
        await ps.PullForTraining(config.Name, ids);

        Activity? root = null;
        Activity[] trace = [];
        await Eventually.Holds("the SDK activity of the pull and one server activity per shard in its trace", TimeSpan.FromSeconds(20),
            () =>
            {
                var all = fixture.Activities.Snapshot();
                root = all.SingleOrDefault(a => a.OperationName == "ps.PullForTraining" && Equals(a.GetTagItem(ParameterServerTelemetry.TableTag), config.Name));
                trace = root is null ? [] : all.Where(a => a.TraceId == root.TraceId).ToArray();
                return trace.Count(IsShardPullServer) == config.Shards;
            },
            () => root is null
                ? "no ps.PullForTraining activity for the table"
                : string.Join("; ", trace.Select(a => $"{a.Kind} {a.OperationName} {a.GetTagItem("rpc.method")}")));

        Assert.Equal(default, root!.ParentSpanId);
        Assert.Equal(ids.Length, root.GetTagItem(ParameterServerTelemetry.IdsTag));
        var bySpan = trace.ToDictionary(a => a.SpanId);
        var servers = trace.Where(IsShardPullServer).ToArray();
        foreach (var server in servers)
        {
            // server span <- Orleans client span <- the SDK's span
            Assert.True(bySpan.TryGetValue(server.ParentSpanId, out var client), $"parent of {server.OperationName} is not in the trace");
            Assert.Equal(ActivityKind.Client, client.Kind);
            Assert.Equal(root.SpanId, client.ParentSpanId);
        }

        // One call per shard: four distinct target grains (Orleans tags the target grain id; the key's prefix has
        // changed between versions, so match its end).
        var targets = servers.Select(s => s.TagObjects.FirstOrDefault(t => t.Key.EndsWith("target_id", StringComparison.Ordinal)).Value?.ToString()).ToArray();
        Assert.All(targets, t => Assert.Contains(config.Name, t));
        Assert.Equal(config.Shards, targets.Distinct().Count());
    }

    private static bool IsShardPullServer(Activity activity) =>
        activity.Kind == ActivityKind.Server && activity.GetTagItem("rpc.method") is string method && method.EndsWith(ShardPull, StringComparison.Ordinal);
}
