using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.ServiceDefaults.Health;

/// <summary>
/// The shard activations of this silo and whether each holds its rows (<see cref="ShardTelemetry.Loaded"/>: false
/// while a shard restores its snapshot). The data lists every shard with its row count, as "table/shard/role".
/// </summary>
internal sealed class ShardsHealthCheck(LocalShards shards, IOptions<ParameterServerOptions> options) : IHealthCheck
{
    /// <summary>Most shards listed one by one in the response (the counts cover all).</summary>
    internal const int MaxListedShards = 1000;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = shards.Shards.OrderBy(s => s.Table, StringComparer.Ordinal).ThenBy(s => s.Role).ThenBy(s => s.Shard).ToArray();
        var loading = all.Where(s => !s.Loaded).ToArray();
        var data = new Dictionary<string, object>
        {
            ["pool"] = options.Value.Pool,
            ["trainingShards"] = all.Count(s => s.Role == ShardRole.Training),
            ["servingShards"] = all.Count(s => s.Role == ShardRole.Serving),
            ["rows"] = all.Sum(s => (long)s.Rows),
            ["loading"] = loading.Length,
        };
        foreach (var shard in all.Take(MaxListedShards))
        {
            data[$"{shard.Table}/{shard.Shard}/{shard.RoleName}"] = shard.Rows;
        }

        if (loading.Length > 0)
        {
            var names = string.Join(", ", loading.Take(10).Select(s => $"{s.Table}/{s.Shard}/{s.RoleName}"));
            return Task.FromResult(new HealthCheckResult(
                context.Registration.FailureStatus, $"{loading.Length} of {all.Length} shards are still loading their rows: {names}", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{all.Length} shards active on this silo, all loaded", data));
    }
}
