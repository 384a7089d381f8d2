using Microsoft.Extensions.Logging;
using Orleans.Streams;
using ParameterServer.Realtime;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// Feeds every partition of the <c>examples</c> stream into an <see cref="OnlineTrainer"/>, and keeps it fed: every
/// <see cref="CheckInterval"/> it asks each stream for this client's subscriptions and subscribes again where there is
/// none (a restarted cluster with in-memory pub-sub has forgotten them). While the cluster is down the check fails,
/// is logged, and is retried; the Orleans client reconnects to the gateways on its own.
/// </summary>
public sealed partial class ExampleStreamSubscription(IClusterClient client, OnlineTrainer trainer, ILogger logger)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly IAsyncStream<ExampleBatch>[] _streams = Enumerable.Range(0, RealtimeStreams.Partitions)
        .Select(p => client.GetStreamProvider(RealtimeStreams.ProviderName).GetStream<ExampleBatch>(StreamId.Create(RealtimeStreams.Examples, p)))
        .ToArray();

    private readonly bool[] _attached = new bool[RealtimeStreams.Partitions];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every partition is subscribed (examples published before that are not delivered).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Subscriptions made so far (more than the partition count means the cluster was restarted under us).</summary>
    public int Subscriptions { get; private set; }

    /// <summary>Subscribes now (throws when the cluster is unreachable), then keeps the subscriptions until cancelled.</summary>
    public async Task Run(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSubscribed();
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }

        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await EnsureSubscribed();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task EnsureSubscribed()
    {
        for (var p = 0; p < _streams.Length; p++)
        {
            var handles = await _streams[p].GetAllSubscriptionHandles();
            if (handles.Count == 0)
            {
                await _streams[p].SubscribeAsync(Deliver);
                Subscriptions++;
                if (_attached[p])
                {
                    LogResubscribed(logger, p);
                }

                _attached[p] = true;
            }
            else if (!_attached[p])
            {
                // Subscriptions kept by a durable pub-sub store for this client: attach to them.
                foreach (var handle in handles)
                {
                    await handle.ResumeAsync(Deliver);
                }

                _attached[p] = true;
            }
        }
    }

    private Task Deliver(ExampleBatch batch, StreamSequenceToken? token) => trainer.Offer(batch).AsTask();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Examples stream check failed (is the cluster restarting?): {Reason}; retrying")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Examples stream partition {Partition} had lost its subscription; subscribed again")]
    private static partial void LogResubscribed(ILogger logger, int partition);
}
