using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace ParameterServer.Grains.Hosting;

public static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// A parameter-server silo as configuration describes it (section <see cref="ClusterSettings.SectionName"/>):
    /// membership, reminders, registry storage and the realtime streams for the chosen provider, ports, and the parameter server itself.
    /// </summary>
    public static ISiloBuilder UseParameterServerCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        switch (cluster.Provider)
        {
            case ClusterProvider.Localhost:
                var primary = cluster.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
                silo.AddMemoryGrainStorage(ParameterServerSiloBuilderExtensions.RegistryStorageName);
                silo.UseInMemoryReminderService();
                silo.AddRealtimeMemoryStreams();
                break;
            case ClusterProvider.AzureStorage:
                var connection = cluster.AzureStorageConnectionString!;
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                if (string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
                }
                else
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIPAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
                }

                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connection));
                silo.UseAzureTableReminderService(o => o.Configure(r => r.TableServiceClient = new TableServiceClient(connection)));
                silo.AddAzureBlobGrainStorage(
                    ParameterServerSiloBuilderExtensions.RegistryStorageName,
                    o => o.BlobServiceClient = new BlobServiceClient(connection));
                silo.AddRealtimeAzureQueueStreams(connection);
                break;
            default:
                throw new InvalidOperationException($"{ClusterSettings.SectionName}:Provider '{cluster.Provider}' is not supported.");
        }

        // A shard's rows live in exactly one activation, so the grain directory must never let a silo failure produce a
        // second one: the default directory is eventually consistent and, in a failure test, let a shard on the surviving
        // silo be activated again from the snapshot beside the live one. The distributed directory is strongly consistent.
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // Failure detection (probe timeouts, votes) from Cluster:Membership, e.g. faster in tests and small clusters.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{ClusterSettings.SectionName}:Membership"));
        return silo.AddParameterServer();
    }
}
