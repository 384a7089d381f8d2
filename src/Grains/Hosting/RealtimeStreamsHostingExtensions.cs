using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using ParameterServer.Realtime;

namespace ParameterServer.Grains.Hosting;

/// <summary>
/// The stream provider <see cref="RealtimeStreams.ProviderName"/> (features, actions, examples) on silos and clients:
/// Orleans memory streams for one machine and test clusters, Azure Queue streams for an Azure Storage cluster. Silo
/// and client must pick the same kind, or events published by the client never reach the joiners.
/// </summary>
public static class RealtimeStreamsHostingExtensions
{
    /// <summary>Azure queues of the realtime provider; silos and clients must list the same names.</summary>
    public static readonly IReadOnlyList<string> AzureQueueNames =
        Enumerable.Range(0, RealtimeStreams.Partitions).Select(i => $"ps-realtime-{i}").ToArray();

    /// <summary>Memory streams plus the in-memory pub-sub store they need for explicit subscriptions.</summary>
    public static ISiloBuilder AddRealtimeMemoryStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        return silo.AddMemoryStreams(RealtimeStreams.ProviderName);
    }

    /// <summary>Azure Queue streams from <paramref name="connectionString"/>, pub-sub state in Azure Blob storage.</summary>
    public static ISiloBuilder AddRealtimeAzureQueueStreams(this ISiloBuilder silo, string connectionString)
    {
        silo.AddAzureBlobGrainStorage(
            ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, o => o.BlobServiceClient = new BlobServiceClient(connectionString));
        return silo.AddAzureQueueStreams(RealtimeStreams.ProviderName, (OptionsBuilder<AzureQueueOptions> o) => o.Configure(q =>
        {
            q.QueueServiceClient = new QueueServiceClient(connectionString);
            q.QueueNames = [.. AzureQueueNames];
        }));
    }

    public static IClientBuilder AddRealtimeMemoryStreams(this IClientBuilder client) =>
        client.AddMemoryStreams(RealtimeStreams.ProviderName);

    public static IClientBuilder AddRealtimeAzureQueueStreams(this IClientBuilder client, string connectionString) =>
        client.AddAzureQueueStreams(RealtimeStreams.ProviderName, (OptionsBuilder<AzureQueueOptions> o) => o.Configure(q =>
        {
            q.QueueServiceClient = new QueueServiceClient(connectionString);
            q.QueueNames = [.. AzureQueueNames];
        }));
}
