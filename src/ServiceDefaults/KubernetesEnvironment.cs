using Microsoft.Extensions.Configuration;

namespace ParameterServer.ServiceDefaults;

/// <summary>Whether this process runs in a Kubernetes pod: the kubelet sets KUBERNETES_SERVICE_HOST in every container.</summary>
public static class KubernetesEnvironment
{
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>Reads the variable through configuration (environment variables are a configuration source), so tests
    /// can set it without touching the process environment.</summary>
    public static bool IsInCluster(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ServiceHostVariable]);
}
