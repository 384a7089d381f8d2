using Orleans.Streams;
using ParameterServer.Realtime;

namespace ParameterServer;

/// <summary>
/// Publishes impressions and actions to the realtime streams: validates every event first (nothing is sent if one is
/// malformed), groups them by <see cref="RealtimeStreams.PartitionOf"/> of the request ID and sends one batch per
/// partition, so an impression and its actions reach the same joiner. Thread-safe; keep one per process.
/// </summary>
public sealed class RealtimePublisher
{
    private readonly IAsyncStream<FeatureBatch>[] _features = new IAsyncStream<FeatureBatch>[RealtimeStreams.Partitions];
    private readonly IAsyncStream<ActionBatch>[] _actions = new IAsyncStream<ActionBatch>[RealtimeStreams.Partitions];

    public RealtimePublisher(IClusterClient client)
        : this(client.GetStreamProvider(RealtimeStreams.ProviderName))
    {
    }

    public RealtimePublisher(IStreamProvider streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        for (var p = 0; p < RealtimeStreams.Partitions; p++)
        {
            _features[p] = streams.GetStream<FeatureBatch>(StreamId.Create(RealtimeStreams.Features, p));
            _actions[p] = streams.GetStream<ActionBatch>(StreamId.Create(RealtimeStreams.Actions, p));
        }
    }

    /// <summary>Publishes impressions; throws <see cref="ArgumentException"/> naming the first malformed one.</summary>
    public Task PublishFeatures(IReadOnlyList<ServedFeatures> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (var i = 0; i < features.Count; i++)
        {
            var problem = RealtimeValidation.Problem(features[i]);
            if (problem is not null)
            {
                throw new ArgumentException($"features[{i}] (request {features[i]?.RequestId}): {problem}.", nameof(features));
            }
        }

        var groups = Group(features, static f => f.RequestId);
        return Send(groups, _features, static items => new FeatureBatch(items));
    }

    /// <summary>Publishes actions; throws <see cref="ArgumentException"/> naming the first malformed one.</summary>
    public Task PublishActions(IReadOnlyList<UserAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        for (var i = 0; i < actions.Count; i++)
        {
            var problem = RealtimeValidation.Problem(actions[i]);
            if (problem is not null)
            {
                throw new ArgumentException($"actions[{i}] (request {actions[i]?.RequestId}): {problem}.", nameof(actions));
            }
        }

        var groups = Group(actions, static a => a.RequestId);
        return Send(groups, _actions, static items => new ActionBatch(items));
    }

    private static List<T>?[] Group<T>(IReadOnlyList<T> events, Func<T, long> requestId)
    {
        var groups = new List<T>?[RealtimeStreams.Partitions];
        for (var i = 0; i < events.Count; i++)
        {
            var partition = RealtimeStreams.PartitionOf(requestId(events[i]));
            (groups[partition] ??= []).Add(events[i]);
        }

        return groups;
    }

    private static Task Send<T, TBatch>(List<T>?[] groups, IAsyncStream<TBatch>[] streams, Func<T[], TBatch> batch)
    {
        var sends = new List<Task>(RealtimeStreams.Partitions);
        for (var p = 0; p < groups.Length; p++)
        {
            if (groups[p] is { Count: > 0 } group)
            {
                sends.Add(streams[p].OnNextAsync(batch([.. group])));
            }
        }

        return Task.WhenAll(sends);
    }
}
