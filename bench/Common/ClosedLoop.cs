using System.Diagnostics;

namespace ParameterServer.Bench.Common;

/// <summary>
/// A fixed number of callers, each issuing its next batch as soon as the previous one completes (so the number of
/// batches in flight is constant). Only calls completing inside the measured window, after a warm-up, count.
/// </summary>
internal sealed class ClosedLoop(ZipfBatches batches, int inFlight, Func<int, int, Task> operation)
{
    private int _next = -1;
    private int _measuring;
    private int _stop;
    private long _rows;
    private long _ids;
    private long _calls;

    /// <summary>Runs <paramref name="operation"/>(caller, batch) from <paramref name="inFlight"/> callers.</summary>
    public async Task<Rate> Run(TimeSpan warmUp, TimeSpan measure)
    {
        var callers = Enumerable.Range(0, inFlight).Select(c => Task.Run(() => Caller(c))).ToArray();
        var measured = await Window(callers, warmUp, measure);
        Volatile.Write(ref _stop, 1);
        await Task.WhenAll(callers);
        return measured;
    }

    private async Task<Rate> Window(Task[] callers, TimeSpan warmUp, TimeSpan measure)
    {
        await WhileRunning(callers, warmUp);
        var gen0 = GC.CollectionCount(0);
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _measuring, 1);
        await WhileRunning(callers, measure);
        Volatile.Write(ref _measuring, 0);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Rate(Interlocked.Read(ref _rows), Interlocked.Read(ref _ids), Interlocked.Read(ref _calls), seconds, GC.CollectionCount(0) - gen0);
    }

    /// <summary>Waits for <paramref name="time"/>, surfacing a caller's failure at once instead of after the window.</summary>
    private static async Task WhileRunning(Task[] callers, TimeSpan time)
    {
        var delay = Task.Delay(time);
        var first = await Task.WhenAny(callers.Append(delay));
        if (first != delay)
        {
            await first;
            throw new InvalidOperationException("A benchmark caller stopped early.");
        }
    }

    private async Task Caller(int caller)
    {
        while (Volatile.Read(ref _stop) == 0)
        {
            var batch = (int)((uint)Interlocked.Increment(ref _next) % (uint)batches.Count);
            await operation(caller, batch);
            if (Volatile.Read(ref _measuring) == 1)
            {
                Interlocked.Add(ref _rows, batches.Unique[batch].Length);
                Interlocked.Add(ref _ids, batches.Ids[batch].Length);
                Interlocked.Increment(ref _calls);
            }
        }
    }
}
