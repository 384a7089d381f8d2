namespace ParameterServer.Realtime;

/// <summary>What a user did with the item of request <see cref="RequestId"/> (0: an action not tied to an impression,
/// which only extends the user's realtime sequence).</summary>
[GenerateSerializer, Immutable, Alias("ps.UserAction")]
public sealed record UserAction
{
    [Id(0)] public required long RequestId { get; init; }

    [Id(1)] public required long UserId { get; init; }

    [Id(2)] public required long ItemId { get; init; }

    [Id(3)] public required ActionKind Kind { get; init; }

    /// <summary>The rating of a <see cref="ActionKind.Rating"/>; ignored otherwise.</summary>
    [Id(4)] public float Value { get; init; }

    /// <summary>When it happened, Unix milliseconds.</summary>
    [Id(5)] public required long TimestampMs { get; init; }
}
