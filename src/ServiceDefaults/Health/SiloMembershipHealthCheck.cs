using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace ParameterServer.ServiceDefaults.Health;

/// <summary>
/// This silo's status in cluster membership. For readiness (<c>requireActive</c>) the silo must be Active, i.e. joined
/// and accepting grain calls; for liveness it must only not have been declared Dead by the cluster.
/// </summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo, bool requireActive) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var data = new Dictionary<string, object>
        {
            ["silo"] = silo.SiloAddress.ToString(),
            ["name"] = silo.Name,
            ["status"] = status.ToString(),
            ["activeSilos"] = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active),
            ["membershipVersion"] = snapshot.Version.Value,
        };
        var healthy = requireActive ? status == SiloStatus.Active : status != SiloStatus.Dead;
        var description = $"Silo {silo.Name} is {status} in cluster membership";
        return Task.FromResult(healthy
            ? HealthCheckResult.Healthy(description, data)
            : new HealthCheckResult(context.Registration.FailureStatus, description + (requireActive ? "; it serves calls only when Active" : "; the cluster declared it dead"), data: data));
    }
}
