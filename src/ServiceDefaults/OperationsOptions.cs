namespace ParameterServer.ServiceDefaults;

/// <summary>
/// Where a process serves its operational endpoints, and how it shuts down (configuration section
/// <see cref="SectionName"/>). Both endpoints bind to loopback unless an address is configured, so nothing is exposed
/// by default; on Kubernetes the ConfigMap binds them to 0.0.0.0 behind ClusterIP Services.
/// </summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    public const string DEFAULT_ADDRESS = "127.0.0.1";
    public const int DEFAULT_DASHBOARD_PORT = 8080;
    public const int DEFAULT_METRICS_PORT = 9464;
    public const string DashboardPath = "/dashboard";
    public const string OverviewPath = "/parameter-server";
    public const string MetricsPath = "/metrics";
    public const string LivenessPath = "/health/live";
    public const string ReadinessPath = "/health/ready";
    public const string HealthPath = "/health";

    /// <summary>IP address the dashboard listens on (default 127.0.0.1; 0.0.0.0 for every interface).</summary>
    public string DashboardAddress { get; set; } = DEFAULT_ADDRESS;

    /// <summary>Port of the Orleans dashboard (<see cref="DashboardPath"/>) and the parameter-server page
    /// (<see cref="OverviewPath"/>); default 8080, 0 turns the dashboard off.</summary>
    public int DashboardPort { get; set; } = DEFAULT_DASHBOARD_PORT;

    /// <summary>IP address of the metrics and health endpoints (default 127.0.0.1).</summary>
    public string MetricsAddress { get; set; } = DEFAULT_ADDRESS;

    /// <summary>Port of the Prometheus scrape endpoint (<see cref="MetricsPath"/>) and the health endpoints
    /// (<see cref="LivenessPath"/>, <see cref="ReadinessPath"/>); default 9464 (1..65535).</summary>
    public int MetricsPort { get; set; } = DEFAULT_METRICS_PORT;

    /// <summary>Whether to record traces: null (default) records them when an OTLP endpoint is configured
    /// (OTEL_EXPORTER_OTLP_ENDPOINT), since without an exporter they would go nowhere.</summary>
    public bool? Tracing { get; set; }

    /// <summary>How long a stopping silo may take to leave the cluster and deactivate its grains (default 45 s;
    /// 1 s..1 h). Kubernetes' terminationGracePeriodSeconds must be longer.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);
}
