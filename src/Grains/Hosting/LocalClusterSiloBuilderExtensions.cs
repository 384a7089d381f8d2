using System.Net;
using Microsoft.Extensions.Configuration;

namespace ParameterServer.Grains.Hosting;

public static class LocalClusterSiloBuilderExtensions
{
    /// <summary>
    /// A silo of a local cluster: localhost clustering with ports from the <see cref="ClusterSettings.SectionName"/>
    /// section, in-memory registry storage, and the parameter server with options from configuration.
    /// </summary>
    public static ISiloBuilder UseLocalParameterServerCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var primary = cluster.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        silo.AddMemoryGrainStorage(ParameterServerSiloBuilderExtensions.RegistryStorageName);
        silo.AddParameterServer();
        return silo;
    }
}
