using System.Collections.Concurrent;
using Orleans.Streams;
using ParameterServer.Realtime;
using ParameterServer.Tests;

namespace ParameterServer.Cluster.Tests.Joining;

/// <summary>
/// The joiner grains in a test cluster: events go in through the realtime streams and examples come out of the
/// examples streams, read by a subscription of the test's client. Windows are <see cref="PooledCluster.JoinerWindow"/>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JoinerStreamTests(TrainingServingClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private IClusterClient Client => fixture.Pooled.Cluster.Client;

    [Fact]
    public async Task PublishedImpressionsAndActions_ComeOutAsPositivesAtOnce_AndNegativesAfterTheWindow()
    {
        var first = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var requests = Enumerable.Range(0, 6).Select(i => first + i).ToArray();
        var received = await Subscribe(requests);
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var publisher = new RealtimePublisher(Client);
            await publisher.PublishFeatures(requests.Select(r => Impression(r, now)).ToArray());
            await publisher.PublishActions(
            [
                Action(requests[0], now + 10, ActionKind.Click),
                Action(requests[1], now + 20, ActionKind.Like),
                Action(requests[2], now + 30, ActionKind.Rating, value: 1),
            ]);

            var expected = $"{requests[0]}:1, {requests[1]}:1, {requests[2]}:0, {requests[3]}:0, {requests[4]}:0, {requests[5]}:0";
            await Eventually.Holds(
                "two positives and four negatives on the examples streams",
                Deadline,
                () => received.Examples.Count >= requests.Length,
                () => Describe(received.Examples));

            Assert.Equal(expected, Describe(received.Examples));
            Assert.DoesNotContain(received.Examples, e => e.Late);
            var example = received.Examples.Single(e => e.RequestId == requests[0]);
            Assert.Equal([requests[0], 7], example.Keys);
        }
        finally
        {
            await received.Unsubscribe();
        }
    }

    [Fact]
    public async Task MalformedEventsInABatch_AreCountedAsRejected_AndTheValidOnesStillJoin()
    {
        const int partition = 3;
        var ids = RequestsInPartition(partition, Random.Shared.NextInt64(1L << 40, 1L << 50), count: 3);
        var joiner = Client.GetGrain<IJoinerGrain>(partition);
        var before = await joiner.GetStats();
        var received = await Subscribe([ids[0], ids[2]]);
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var streams = Client.GetStreamProvider(RealtimeStreams.ProviderName);

            // Straight onto the streams: the publisher would refuse these batches.
            await streams.GetStream<FeatureBatch>(StreamId.Create(RealtimeStreams.Features, partition)).OnNextAsync(new FeatureBatch(
            [
                Impression(ids[0], now),
                Impression(ids[1], now) with { SlotWeights = [1f] },
                Impression(ids[2], now),
            ]));
            await streams.GetStream<ActionBatch>(StreamId.Create(RealtimeStreams.Actions, partition)).OnNextAsync(new ActionBatch(
            [
                Action(ids[1], now + 5, (ActionKind)77),
                Action(ids[0], now + 10, ActionKind.Purchase),
            ]));

            await Eventually.Holds(
                $"the positive of {ids[0]} and the negative of {ids[2]} from joiner {partition}",
                Deadline,
                () => received.Examples.Count >= 2,
                () => Describe(received.Examples));
            Assert.Equal($"{ids[0]}:1, {ids[2]}:0", Describe(received.Examples));

            var after = await joiner.GetStats();
            Assert.Equal(2, after.Rejected - before.Rejected);
            Assert.Equal(2, after.Impressions - before.Impressions);
            Assert.Equal(1, after.Actions - before.Actions);
        }
        finally
        {
            await received.Unsubscribe();
        }
    }

    [Fact]
    public async Task Publisher_RefusesAMalformedBatch_NamingTheEventAndField()
    {
        var publisher = new RealtimePublisher(Client);
        var features = await Assert.ThrowsAsync<ArgumentException>(() =>
            publisher.PublishFeatures([Impression(11, 1_000), Impression(12, 1_000) with { Dense = [float.NaN] }]));
        Assert.Contains("features[1] (request 12): Dense[0]", features.Message);

        var noRequest = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishFeatures([Impression(0, 1_000)]));
        Assert.Contains("RequestId is 0", noRequest.Message);

        var actions = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishActions([Action(13, 0, ActionKind.Click)]));
        Assert.Contains("actions[0] (request 13): TimestampMs", actions.Message);

        var kind = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishActions([Action(13, 1_000, (ActionKind)9)]));
        Assert.Contains("Kind is 9", kind.Message);
    }

    private async Task<Received> Subscribe(long[] requests)
    {
        var wanted = requests.ToHashSet();
        var received = new Received();
        var streams = Client.GetStreamProvider(RealtimeStreams.ProviderName);
        for (var p = 0; p < RealtimeStreams.Partitions; p++)
        {
            var handle = await streams.GetStream<ExampleBatch>(StreamId.Create(RealtimeStreams.Examples, p)).SubscribeAsync((batch, _) =>
            {
                foreach (var example in batch.Items)
                {
                    if (wanted.Contains(example.RequestId))
                    {
                        received.Examples.Enqueue(example);
                    }
                }

                return Task.CompletedTask;
            });
            received.Handles.Add(handle);
        }

        return received;
    }

    private static long[] RequestsInPartition(int partition, long from, int count)
    {
        var ids = new List<long>(count);
        for (var id = from; ids.Count < count; id++)
        {
            if (RealtimeStreams.PartitionOf(id) == partition)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    private static ServedFeatures Impression(long requestId, long timestampMs) => new()
    {
        RequestId = requestId,
        UserId = 500,
        ItemId = 7,
        TimestampMs = timestampMs,
        Keys = [requestId, 7],
        SlotWeights = [1f, 1f],
        Dense = [0.5f],
    };

    private static UserAction Action(long requestId, long timestampMs, ActionKind kind, float value = 0) => new()
    {
        RequestId = requestId,
        UserId = 500,
        ItemId = 7,
        Kind = kind,
        Value = value,
        TimestampMs = timestampMs,
    };

    private static string Describe(IEnumerable<TrainingExample> examples) =>
        string.Join(", ", examples.OrderBy(e => e.RequestId).Select(e => $"{e.RequestId}:{e.Label}{(e.Late ? "L" : "")}"));

    private sealed class Received
    {
        public ConcurrentQueue<TrainingExample> Examples { get; } = new();

        public List<StreamSubscriptionHandle<ExampleBatch>> Handles { get; } = [];

        public async Task Unsubscribe()
        {
            foreach (var handle in Handles)
            {
                await handle.UnsubscribeAsync();
            }
        }
    }
}
