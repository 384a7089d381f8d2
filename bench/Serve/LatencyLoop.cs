using System.Diagnostics;

namespace ParameterServer.Bench.Serve;

/// <summary>
/// Closed-loop callers, each issuing its next call when the previous returns; records every call's latency that
/// completes inside the measured window (after a warm-up).
/// </summary>
internal static class LatencyLoop
{
    /// <returns>calls per second and the sorted latencies in milliseconds</returns>
    public static async Task<(double PerSecond, double[] LatenciesMs)> Run(int inFlight, TimeSpan warmUp, TimeSpan measure, Func<int, Task> call)
    {
        var stop = 0;
        var measuring = 0;
        var latencies = new List<double>[inFlight];
        var callers = Enumerable.Range(0, inFlight).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            for (var i = 0; Volatile.Read(ref stop) == 0; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call(c * 1_000_003 + i);
                if (Volatile.Read(ref measuring) == 1)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        })).ToArray();

        await Task.Delay(warmUp);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(measure);
        Volatile.Write(ref measuring, 0);
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(callers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / seconds, all);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
