namespace ParameterServer.Realtime;

/// <summary>
/// One impression: the serving side showed <see cref="ItemId"/> to <see cref="UserId"/> for request
/// <see cref="RequestId"/>, scoring it with these features. <see cref="Keys"/> are parameter-server row IDs, one per
/// model slot, with <see cref="SlotWeights"/> (1/n over a multi-valued field, 0 for padding); <see cref="Dense"/> are the
/// dense features. The joiner turns it into a training example, labelled by the actions that follow.
/// </summary>
[GenerateSerializer, Immutable, Alias("ps.ServedFeatures")]
public sealed record ServedFeatures
{
    [Id(0)] public required long RequestId { get; init; }

    [Id(1)] public required long UserId { get; init; }

    [Id(2)] public required long ItemId { get; init; }

    /// <summary>When it was served, Unix milliseconds.</summary>
    [Id(3)] public required long TimestampMs { get; init; }

    [Id(4)] public required long[] Keys { get; init; }

    [Id(5)] public required float[] SlotWeights { get; init; }

    [Id(6)] public float[] Dense { get; init; } = [];
}
