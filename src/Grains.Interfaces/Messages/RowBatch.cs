namespace ParameterServer;

/// <summary>IDs with one row of floats each (gradients on a push), for one shard.</summary>
[GenerateSerializer, Immutable, Alias("ps.RowBatch")]
public sealed class RowBatch(long generation, byte[] idBytes, byte[] valueBytes)
{
    /// <summary>The table generation the caller routed by.</summary>
    [Id(0)] public long Generation { get; } = generation;

    [Id(1)] public byte[] IdBytes { get; } = idBytes;

    /// <summary>Count × dimension floats, row after row.</summary>
    [Id(2)] public byte[] ValueBytes { get; } = valueBytes;

    public int Count => IdBytes.Length / sizeof(long);

    public ReadOnlySpan<long> Ids => BulkBytes.AsLongs(IdBytes);

    public ReadOnlySpan<float> Values => BulkBytes.AsFloats(ValueBytes);
}
