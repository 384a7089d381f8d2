namespace ParameterServer.Realtime;

/// <summary>What a user grain holds: the realtime sequence (oldest first) and the long-term embedding.</summary>
[GenerateSerializer, Immutable, Alias("ps.UserProfile")]
public sealed record UserProfile
{
    [Id(0)] public required long UserId { get; init; }

    [Id(1)] public required UserAction[] Recent { get; init; }

    [Id(2)] public LongTermEmbedding? LongTerm { get; init; }

    /// <summary>Newest action time, Unix milliseconds (0: none).</summary>
    [Id(3)] public long LastActionMs { get; init; }
}
