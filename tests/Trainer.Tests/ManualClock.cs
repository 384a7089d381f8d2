namespace ParameterServer.Trainer.Tests;

/// <summary>A clock that moves only when a test moves it (the FakeTimeProvider package is not in the offline feed).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
