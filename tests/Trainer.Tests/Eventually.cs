using System.Diagnostics;

namespace ParameterServer.Trainer.Tests;

/// <summary>Polls a condition until it holds or a deadline passes; the failure names what was awaited.</summary>
internal static class Eventually
{
    public static async Task Holds(string awaited, TimeSpan deadline, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting for {awaited}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
