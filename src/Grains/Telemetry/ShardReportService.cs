using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Grains.Telemetry;

internal sealed class ShardReportService(
    GrainId grainId,
    Silo silo,
    ILoggerFactory loggerFactory,
    LocalShards shards,
    ILocalSiloDetails siloDetails,
    IOptions<ParameterServerOptions> options) : GrainService(grainId, silo, loggerFactory), IShardReportService
{
    public Task<SiloShardReport> GetReport() => Task.FromResult(new SiloShardReport
    {
        Silo = siloDetails.SiloAddress.ToString(),
        Name = siloDetails.Name,
        Pool = options.Value.Pool,
        Shards = shards.Shards
            .Select(ShardReport.From)
            .OrderBy(s => s.Table, StringComparer.Ordinal)
            .ThenBy(s => s.Role)
            .ThenBy(s => s.Shard)
            .ToArray(),
    });
}
