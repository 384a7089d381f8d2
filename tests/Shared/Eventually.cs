using System.Diagnostics;

namespace ParameterServer.Tests;

/// <summary>Polls a condition until it holds or a deadline passes; the failure names what was awaited.</summary>
internal static class Eventually
{
    public static async Task Holds(string awaited, TimeSpan deadline, Func<Task<bool>> condition, Func<Task<string>>? describeState = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (clock.Elapsed > deadline)
            {
                var state = describeState is null ? "" : $" Last state: {await describeState()}";
                Assert.Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting for {awaited}.{state}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task Holds(string awaited, TimeSpan deadline, Func<bool> condition, Func<string>? describeState = null) =>
        Holds(awaited, deadline, () => Task.FromResult(condition()), describeState is null ? null : () => Task.FromResult(describeState()));
}
