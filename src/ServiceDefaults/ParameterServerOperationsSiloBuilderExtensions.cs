using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using ParameterServer.Grains.Telemetry;
using ParameterServer.ServiceDefaults.Health;
using ParameterServer.ServiceDefaults.Security;

namespace ParameterServer.ServiceDefaults;

public static class ParameterServerOperationsSiloBuilderExtensions
{
    public const string MembershipLiveCheck = "silo-alive";
    public const string MembershipReadyCheck = "silo-active";
    public const string ShardsCheck = "shards";

    /// <summary>
    /// What an operator needs from a silo: activity propagation for traces, the Orleans dashboard (unless
    /// Operations:DashboardPort is 0) and the shard reports behind the parameter-server page, TLS when a certificate is
    /// configured, membership and shard health checks, and Kubernetes hosting when running in a pod. Pair it with
    /// <see cref="ServiceDefaultsExtensions.AddServiceDefaults{TBuilder}"/> and
    /// <see cref="ServiceDefaultsExtensions.MapDefaultEndpoints"/>.
    /// </summary>
    public static ISiloBuilder AddParameterServerOperations(this ISiloBuilder silo, IConfiguration configuration)
    {
        var operations = OperationsOptionsValidator.Read(configuration);
        silo.AddActivityPropagation();
        silo.AddParameterServerOverview();
        if (operations.DashboardPort > 0)
        {
            silo.AddDashboard();
        }

        silo.UseParameterServerTls(configuration);
        if (KubernetesEnvironment.IsInCluster(configuration))
        {
            // Outside a pod it would fail at start (no namespace, no in-cluster API credentials).
            silo.UseKubernetesHosting();
        }

        silo.Services.AddHealthChecks()
            .AddTypeActivatedCheck<SiloMembershipHealthCheck>(MembershipLiveCheck, HealthStatus.Unhealthy, [ServiceDefaultsExtensions.LiveTag], false)
            .AddTypeActivatedCheck<SiloMembershipHealthCheck>(MembershipReadyCheck, HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag], true)
            .AddCheck<ShardsHealthCheck>(ShardsCheck, HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag]);
        return silo;
    }
}
