using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Telemetry;
using ParameterServer.Realtime;

namespace ParameterServer.Grains.Joining;

/// <summary>
/// The joiner of one partition (integer key = partition = stream key): an <see cref="OnlineJoiner"/> fed by the
/// partition's features and actions streams, publishing examples to its examples stream. A timer advances an idle
/// partition's clock and publishes the negatives that closed. Valid actions are forwarded to the user grains, the
/// popularity grain and the active-users grain; a failed forward is logged and does not stop the join.
/// State is in memory only: a restarted joiner forgets its open impressions (they are neither positives nor negatives).
/// </summary>
[ImplicitStreamSubscription(RealtimeStreams.Features)]
[ImplicitStreamSubscription(RealtimeStreams.Actions)]
[PoolPlacementFilter(SiloPool.Training)]
internal sealed partial class JoinerGrain(
    IOptions<JoinerOptions> options,
    TimeProvider time,
    ILogger<JoinerGrain> logger) : Grain, IJoinerGrain
{
    private readonly OnlineJoiner _joiner = new(options.Value);
    private readonly List<TrainingExample> _output = [];
    private readonly List<UserAction> _accepted = [];
    private IAsyncStream<ExampleBatch> _examples = null!;
    private long _lastTick;
    private JoinerStats _recorded = new();

    private long Partition => this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var streams = this.GetStreamProvider(RealtimeStreams.ProviderName);
        _examples = streams.GetStream<ExampleBatch>(StreamId.Create(RealtimeStreams.Examples, Partition));

        // Implicit subscriptions: the stream key (partition) is this grain's integer key; attaching the handlers here
        // resumes the implicit subscription rather than creating an explicit one.
        await streams.GetStream<FeatureBatch>(StreamId.Create(RealtimeStreams.Features, Partition))
            .SubscribeAsync((batch, _) => OnFeatures(batch));
        await streams.GetStream<ActionBatch>(StreamId.Create(RealtimeStreams.Actions, Partition))
            .SubscribeAsync((batch, _) => OnActions(batch));

        // KeepAlive: open impressions live only in this activation.
        _lastTick = time.GetTimestamp();
        var interval = options.Value.FlushInterval;
        this.RegisterGrainTimer(OnTick, new GrainTimerCreationOptions { DueTime = interval, Period = interval, KeepAlive = true });
    }

    public Task<JoinerStats> GetStats() => Task.FromResult(_joiner.Stats);

    private async Task OnFeatures(FeatureBatch batch)
    {
        _joiner.AddImpressions(batch.Items ?? [], _output);
        await Publish();
    }

    private async Task OnActions(ActionBatch batch)
    {
        _accepted.Clear();
        _joiner.AddActions(batch.Items ?? [], _output, _accepted);
        await Publish();
        if (_accepted.Count > 0)
        {
            await Forward(_accepted.ToArray());
        }
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        _joiner.AdvanceIdle(time.GetElapsedTime(_lastTick, now), _output);
        _lastTick = now;
        await Publish();
    }

    private async Task Publish()
    {
        var stats = _joiner.Stats;
        ParameterServerInstruments.RecordJoiner(_recorded, stats);
        _recorded = stats;
        if (_output.Count == 0)
        {
            return;
        }

        var batch = new ExampleBatch([.. _output]);
        _output.Clear();
        try
        {
            await _examples.OnNextAsync(batch);
        }
        catch (Exception exception)
        {
            // The examples are lost; the join state is not, so later examples still flow.
            LogPublishFailed(logger, exception, Partition, batch.Items.Length);
        }
    }

    /// <summary>One AddActions per user, positive items to popularity, acting users to active-users.</summary>
    private async Task Forward(UserAction[] actions)
    {
        try
        {
            var byUser = new Dictionary<long, List<UserAction>>();
            var positiveItems = new List<long>();
            var newest = 0L;
            var newestPositive = 0L;
            foreach (var action in actions)
            {
                if (!byUser.TryGetValue(action.UserId, out var list))
                {
                    byUser[action.UserId] = list = [];
                }

                list.Add(action);
                newest = Math.Max(newest, action.TimestampMs);
                if (_joiner.IsPositive(action))
                {
                    positiveItems.Add(action.ItemId);
                    newestPositive = Math.Max(newestPositive, action.TimestampMs);
                }
            }

            var calls = new List<Task>(byUser.Count + 2);
            foreach (var (user, list) in byUser)
            {
                calls.Add(GrainFactory.GetGrain<IUserGrain>(user).AddActions([.. list]));
            }

            if (positiveItems.Count > 0)
            {
                calls.Add(GrainFactory.GetGrain<IPopularityGrain>(0).Record([.. positiveItems], newestPositive));
            }

            calls.Add(GrainFactory.GetGrain<IActiveUsersGrain>(0).Touch([.. byUser.Keys], newest));
            await Task.WhenAll(calls);
        }
        catch (Exception exception)
        {
            LogForwardFailed(logger, exception, Partition, actions.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joiner {Partition} could not publish {Examples} examples; they are lost")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long partition, int examples);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joiner {Partition} could not forward {Actions} actions to the user, popularity or active-user grains; the join goes on")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, long partition, int actions);
}
