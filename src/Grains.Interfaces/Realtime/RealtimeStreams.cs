using ParameterServer.Embeddings;

namespace ParameterServer.Realtime;

/// <summary>
/// The stream contract. Provider <see cref="ProviderName"/>; namespaces <see cref="Features"/>,
/// <see cref="Actions"/> and <see cref="Examples"/>; stream key: the partition (0..<see cref="Partitions"/>-1) of the
/// event's request ID, so an impression and its actions meet in one joiner grain.
/// </summary>
public static class RealtimeStreams
{
    public const string ProviderName = "realtime";
    public const string Features = "features";
    public const string Actions = "actions";
    public const string Examples = "examples";

    /// <summary>Joiner partitions; publishers and the joiner must agree, so it is part of the contract.</summary>
    public const int Partitions = 8;

    /// <summary>The partition of a request, by the same splitmix64 finaliser that routes IDs to shards.</summary>
    public static int PartitionOf(long requestId) => ShardRouter.ShardOf(requestId, Partitions);
}
