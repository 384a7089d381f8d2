namespace ParameterServer.Grains.Hosting;

/// <summary>How this silo finds its cluster (configuration section <see cref="SectionName"/>).</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    /// <summary>Cluster identity; silos and clients with the same ids form one cluster.</summary>
    public string ClusterId { get; set; } = "ps-dev";

    public string ServiceId { get; set; } = "parameter-server";

    /// <summary>Silo-to-silo port (default 11111).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (default 30000).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the first silo of a local multi-process cluster; 0 = this silo is the first (or only) one.</summary>
    public int PrimarySiloPort { get; set; }
}
