using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// An <see cref="OnlineTrainer"/> fed by an <see cref="ExampleStreamSubscription"/>, both running until
/// <see cref="StopAsync"/> (or dispose), which trains what was already delivered and returns.
/// </summary>
public sealed class OnlineSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _training;
    private readonly Task _subscribed;

    private OnlineSession(OnlineTrainer trainer, ExampleStreamSubscription subscription)
    {
        Trainer = trainer;
        Subscription = subscription;
        _subscribed = subscription.Run(_stop.Token);
        _training = trainer.Run(_stop.Token);
    }

    public OnlineTrainer Trainer { get; }

    public ExampleStreamSubscription Subscription { get; }

    /// <summary>Starts training from the cluster's examples stream; returns once every partition is subscribed.</summary>
    /// <param name="connect">makes a trainer on the cluster (e.g. <see cref="CtrTrainer.Connect"/>)</param>
    public static async Task<OnlineSession> Start(
        IClusterClient client, CtrSchema schema, Func<CancellationToken, Task<CtrTrainer>> connect, OnlineTrainerOptions options, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var trainer = new OnlineTrainer(schema, connect, options, logger);
        var session = new OnlineSession(trainer, new ExampleStreamSubscription(client, trainer, logger));
        try
        {
            await session.Subscription.Ready;
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_training, _subscribed);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Trainer.Dispose();
            _stop.Dispose();
        }
    }
}
