namespace ParameterServer.Realtime;

/// <summary>A user's long-term (PinnerFormer) embedding from the daily batch inference, and the run that made it.</summary>
[GenerateSerializer, Immutable, Alias("ps.LongTermEmbedding")]
public sealed record LongTermEmbedding([property: Id(0)] float[] Vector, [property: Id(1)] long ComputedAtMs);
