using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace ParameterServer.Grains.Telemetry;

internal sealed class ShardReportClient(IServiceProvider services) : GrainServiceClient<IShardReportService>(services)
{
    public IShardReportService On(SiloAddress silo) => GetGrainService(silo);
}
