using System.Net;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Silo;

internal static class SiloBuilderExtensions
{
    /// <summary>Localhost clustering and in-memory registry storage, with ports and pool from configuration.</summary>
    public static ISiloBuilder ConfigureParameterServerSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var primary = cluster.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        silo.AddMemoryGrainStorage(ParameterServerSiloBuilderExtensions.RegistryStorageName);
        silo.AddParameterServer();
        return silo;
    }
}
