namespace ParameterServer;

/// <summary>IDs for one shard, packed as little-endian 64-bit integers.</summary>
[GenerateSerializer, Immutable, Alias("ps.IdBatch")]
public sealed class IdBatch(long generation, byte[] idBytes)
{
    /// <summary>The table generation the caller routed by.</summary>
    [Id(0)] public long Generation { get; } = generation;

    [Id(1)] public byte[] IdBytes { get; } = idBytes;

    public int Count => IdBytes.Length / sizeof(long);

    public ReadOnlySpan<long> Ids => BulkBytes.AsLongs(IdBytes);
}
