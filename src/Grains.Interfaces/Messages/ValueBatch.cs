namespace ParameterServer;

/// <summary>Rows answering an <see cref="IdBatch"/>, in the same order: count × dimension floats.</summary>
[GenerateSerializer, Immutable, Alias("ps.ValueBatch")]
public sealed class ValueBatch(byte[] valueBytes)
{
    [Id(0)] public byte[] ValueBytes { get; } = valueBytes;

    public ReadOnlySpan<float> Values => BulkBytes.AsFloats(ValueBytes);
}
