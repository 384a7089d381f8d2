using System.Diagnostics;

namespace ParameterServer.Bench.Common;

/// <summary>
/// How much CPU the rest of the machine took during a run: busy time of all CPUs (from /proc/stat) minus the time
/// of this harness and the servers it started. Figures from a run where others took a large share are not comparable.
/// </summary>
internal sealed class CpuGauge
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly double _busyAtStart = BusySeconds();
    private readonly TimeSpan _selfAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _children;

    /// <summary>Adds the CPU time of a server this harness started (read just before it is stopped).</summary>
    public void AddChild(TimeSpan cpu) => _children += cpu;

    /// <summary>CPU-seconds used by other processes, and CPU-seconds the machine had, since this gauge started;
    /// null where /proc/stat is not readable.</summary>
    public (double Others, double Available)? Read()
    {
        if (double.IsNaN(_busyAtStart))
        {
            return null;
        }

        var ours = (Process.GetCurrentProcess().TotalProcessorTime - _selfAtStart + _children).TotalSeconds;
        return (Math.Max(0, BusySeconds() - _busyAtStart - ours), _wall.Elapsed.TotalSeconds * Environment.ProcessorCount);
    }

    /// <summary>Sum of non-idle time over all CPUs: user, nice, system, irq, softirq, steal (not idle, iowait).</summary>
    private static double BusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int[] busy = [1, 2, 3, 6, 7, 8];
            return busy.Sum(i => long.Parse(fields[i])) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
