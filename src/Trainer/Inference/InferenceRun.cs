namespace ParameterServer.Trainer.Inference;

/// <summary>What one batch inference did: users active since <see cref="SinceMs"/>, of whom <see cref="Embedded"/> got a
/// new long-term embedding stamped <see cref="StartedMs"/> (the others' grains held no action).</summary>
public sealed record InferenceRun(long SinceMs, long StartedMs, long[] ActiveUsers, int Embedded, int WithoutActions, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{ActiveUsers.Length:N0} users active since {SinceMs} ms: {Embedded:N0} embedded, {WithoutActions:N0} without actions, " +
        $"in {Elapsed.TotalSeconds:0.00} s ({Embedded / Math.Max(Elapsed.TotalSeconds, 1e-3):N0} users/s); run stamped {StartedMs} ms";
}
