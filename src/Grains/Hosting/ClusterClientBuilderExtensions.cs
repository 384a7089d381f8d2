using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace ParameterServer.Grains.Hosting;

public static class ClusterClientBuilderExtensions
{
    /// <summary>A client of the cluster that the same configuration section describes to the silos, with the matching
    /// realtime stream provider.</summary>
    public static IClientBuilder UseParameterServerCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        if (cluster.Provider == ClusterProvider.AzureStorage)
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(cluster.AzureStorageConnectionString));
            client.AddRealtimeAzureQueueStreams(cluster.AzureStorageConnectionString!);
        }
        else
        {
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            client.AddRealtimeMemoryStreams();
        }

        return client;
    }
}
