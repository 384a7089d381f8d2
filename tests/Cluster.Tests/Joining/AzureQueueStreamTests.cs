using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using ParameterServer.Grains.Hosting;
using ParameterServer.Realtime;

namespace ParameterServer.Cluster.Tests.Joining;

/// <summary>The realtime streams as a cluster runs them: Azure Queue streams on a real Azurite, a silo process.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AzureQueueStreamTests
{
    [Fact]
    public async Task ImpressionsAndClicksThroughAzureQueuesComeOutAsPositivesOnTheExamplesStream()
    {
        using var azurite = await AzuriteProcess.Start();
        var clusterId = $"queues-{Guid.NewGuid():N}";
        using var silo = SiloProcess.Start(clusterId, SiloPool.All, 0,
            "--Cluster:Provider=AzureStorage",
            $"--Cluster:AzureStorageConnectionString={azurite.ConnectionString}",
            "--Cluster:AdvertisedIPAddress=127.0.0.1");
        using var host = await SiloClient.Connect(TimeSpan.FromSeconds(90), (builder, client) =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cluster:Provider"] = "AzureStorage",
                ["Cluster:AzureStorageConnectionString"] = azurite.ConnectionString,
                ["Cluster:ClusterId"] = clusterId,
            });
            client.UseParameterServerCluster(builder.Configuration);
        }, silo);
        var client = host.Services.GetRequiredService<IClusterClient>();

        var received = new ConcurrentBag<TrainingExample>();
        var streams = client.GetStreamProvider(RealtimeStreams.ProviderName);
        var handles = new List<StreamSubscriptionHandle<ExampleBatch>>();
        for (var p = 0; p < RealtimeStreams.Partitions; p++)
        {
            handles.Add(await streams.GetStream<ExampleBatch>(StreamId.Create(RealtimeStreams.Examples, p)).SubscribeAsync((batch, _) =>
            {
                foreach (var example in batch.Items)
                {
                    received.Add(example);
                }

                return Task.CompletedTask;
            }));
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var requests = Enumerable.Range(1, 12).Select(i => (long)i).ToArray();
        var publisher = new RealtimePublisher(client);
        await publisher.PublishFeatures(requests.Select(r => new ServedFeatures
        {
            RequestId = r, UserId = 100 + r, ItemId = 1000 + r, TimestampMs = now, Keys = [r, 7], SlotWeights = [1, 1],
        }).ToArray());
        await publisher.PublishActions(requests.Select(r => new UserAction
        {
            RequestId = r, UserId = 100 + r, ItemId = 1000 + r, Kind = ActionKind.Purchase, TimestampMs = now + 5,
        }).ToArray());

        await Eventually.Holds("a positive per request on the examples streams, through Azure queues", TimeSpan.FromSeconds(60),
            () => received.Count >= requests.Length,
            () => $"{received.Count} examples; silo output:\n{silo.Output}");
        Assert.Equal(requests, received.Select(e => e.RequestId).Order());
        Assert.All(received, e => Assert.Equal(1, e.Label));

        // The joiner forwarded the purchases to the user grains in the serving pool.
        var profile = await client.GetGrain<IUserGrain>(101).GetProfile();
        Assert.Equal([1001L], profile.Recent.Select(a => a.ItemId));
        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }
    }
}
