using Orleans.Runtime;

namespace ParameterServer.Grains.Telemetry;

/// <summary>Collects a <see cref="ClusterOverview"/>: the registry's tables and each active silo's shard report.</summary>
public sealed class ParameterServerOverview
{
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(5);

    private readonly IClusterMembershipService _membership;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly ShardReportClient _reports;
    private readonly TimeProvider _time;

    internal ParameterServerOverview(
        IClusterMembershipService membership, IGrainFactory grains, ILocalSiloDetails silo, ShardReportClient reports, TimeProvider time)
    {
        _membership = membership;
        _grains = grains;
        _silo = silo;
        _reports = reports;
        _time = time;
    }

    public async Task<ClusterOverview> Collect()
    {
        var tables = _grains.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key).ListTables();
        var active = _membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .ToArray();
        var reports = active.Select(m => _reports.On(m.SiloAddress).GetReport().WaitAsync(SiloTimeout)).ToArray();
        var silos = new List<SiloShardReport>(active.Length);
        var unreachable = new List<string>();
        for (var i = 0; i < active.Length; i++)
        {
            try
            {
                silos.Add(await reports[i]);
            }
            catch (Exception e)
            {
                unreachable.Add($"{active[i].SiloAddress} ({active[i].Name}): {e.GetType().Name}: {e.Message}");
            }
        }

        return new ClusterOverview
        {
            CollectedAt = _time.GetUtcNow(),
            CollectedBy = _silo.SiloAddress.ToString(),
            Tables = await tables,
            Silos = silos,
            Unreachable = unreachable,
        };
    }
}
