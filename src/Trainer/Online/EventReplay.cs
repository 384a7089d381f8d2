using ParameterServer.Realtime;
using ParameterServer.Trainer.Features;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// Plays examples [start, end) of a data set to the realtime streams as an application would: in time order, chunk by
/// chunk, each impression's features and then, for positives, its click. Request IDs are
/// <paramref name="requestIdBase"/> + example index, so two replays to one cluster do not look like duplicates.
/// </summary>
public sealed class EventReplay(RealtimePublisher publisher, CtrDataset data, int start, int end, long requestIdBase)
{
    public const int ChunkSize = 500;

    /// <summary>Called with each chunk's range [from, to) once it is published.</summary>
    public Action<int, int>? Published { get; init; }

    /// <param name="eventsPerSecond">throttle (0: as fast as the cluster takes them)</param>
    public async Task Run(double eventsPerSecond, CancellationToken cancellationToken)
    {
        var features = new List<ServedFeatures>(ChunkSize);
        var clicks = new List<UserAction>(ChunkSize);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var from = start; from < end; from += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var to = Math.Min(end, from + ChunkSize);
            features.Clear();
            clicks.Clear();
            for (var i = from; i < to; i++)
            {
                features.Add(CtrEvents.Features(data, i, RequestId(i)));
                if (CtrEvents.Click(data, i, RequestId(i)) is { } click)
                {
                    clicks.Add(click);
                }
            }

            await publisher.PublishFeatures(features);
            if (clicks.Count > 0)
            {
                await publisher.PublishActions(clicks);
            }

            Published?.Invoke(from, to);
            if (eventsPerSecond > 0)
            {
                var due = TimeSpan.FromSeconds((to - start) / eventsPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }
        }
    }

    /// <summary>A request-ID base unique to this second (up to 2^28 events per replay).</summary>
    public static long NewRequestIdBase() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() << 28;

    public long RequestId(int example) => requestIdBase + example;
}
