namespace ParameterServer.Realtime;

/// <summary>
/// A joined example: an impression's features with its label (1: a positive action joined it; 0: none within the
/// window, kept by negative sampling). <see cref="Late"/>: a positive action that came after the window had already
/// closed the impression as a negative, found among the recent requests; it corrects that label.
/// </summary>
[GenerateSerializer, Immutable, Alias("ps.TrainingExample")]
public sealed record TrainingExample
{
    [Id(0)] public required long RequestId { get; init; }

    [Id(1)] public required long UserId { get; init; }

    [Id(2)] public required long ItemId { get; init; }

    /// <summary>When the impression was served, Unix milliseconds.</summary>
    [Id(3)] public required long TimestampMs { get; init; }

    [Id(4)] public required float Label { get; init; }

    [Id(5)] public bool Late { get; init; }

    [Id(6)] public required long[] Keys { get; init; }

    [Id(7)] public required float[] SlotWeights { get; init; }

    [Id(8)] public float[] Dense { get; init; } = [];
}
