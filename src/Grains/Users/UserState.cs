using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>A user grain's stored state: the realtime sequence, oldest first, and the long-term embedding.</summary>
[GenerateSerializer, Alias("ps.UserState")]
public sealed class UserState
{
    [Id(0)] public List<UserAction> Recent { get; set; } = [];

    [Id(1)] public LongTermEmbedding? LongTerm { get; set; }
}
