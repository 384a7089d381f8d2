using Orleans.Services;

namespace ParameterServer.Grains.Telemetry;

/// <summary>One per silo: reports the silo's shard activations, for the cluster-wide dashboard page.</summary>
[Alias("ps.IShardReportService")]
internal interface IShardReportService : IGrainService
{
    [Alias("GetReport")]
    Task<SiloShardReport> GetReport();
}
