using System.Diagnostics;

namespace ParameterServer.Bench.Sparse;

/// <summary>
/// Seconds from a push being acknowledged by the training shard until <c>Lookup</c> (the serving pool) returns the
/// trained row. Each sample uses a new ID and waits a random part of the sync interval first, so the push lands at a
/// random phase of the silo's sync timer rather than just after a tick.
/// </summary>
internal static class FreshnessBench
{
    /// <summary>The silo's default ParameterServer:SyncInterval, used only to spread the samples over its phase.</summary>
    private static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    /// <summary>Outside the Zipf ID space, so every sample's row is new.</summary>
    private const long FirstId = 1_000_000_000_000;

    /// <summary>The samples in seconds; +∞ where the row never became visible within <see cref="GiveUpAfter"/>.</summary>
    public static async Task<double[]> Run(ParameterServerClient client, string table, int samples)
    {
        const int dim = SparseSettings.Dimension;
        var random = new Random(11);
        var gradient = Enumerable.Repeat(1f, dim).ToArray();
        var trained = new float[dim];
        var served = new float[dim];
        var seconds = new List<double>(samples);

        // The first sample is a warm-up: it pays for activating serving shards and their first full copy.
        for (var i = -1; i < samples; i++)
        {
            long[] id = [FirstId + i + 1];
            await client.PullForTraining(table, id, trained);
            await Task.Delay(random.NextDouble() * SyncInterval);
            await client.PushGradients(table, id, gradient);
            var acknowledged = Stopwatch.GetTimestamp();
            await client.PullForTraining(table, id, trained);
            var visible = double.PositiveInfinity;
            while (Stopwatch.GetElapsedTime(acknowledged) < GiveUpAfter)
            {
                await client.Lookup(table, id, served);
                if (served.AsSpan().SequenceEqual(trained))
                {
                    visible = Stopwatch.GetElapsedTime(acknowledged).TotalSeconds;
                    break;
                }

                await Task.Delay(PollDelay);
            }

            if (i >= 0)
            {
                seconds.Add(visible);
            }
        }

        return seconds.ToArray();
    }
}
