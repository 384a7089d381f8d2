namespace ParameterServer;

/// <summary>A version of a model's dense parameters: the flattened floats as one bulk byte column.</summary>
[GenerateSerializer, Immutable, Alias("ps.DenseWeights")]
public sealed class DenseWeights(long version, byte[] valueBytes)
{
    /// <summary>Adam steps applied since the model was initialised (0 = the initial weights).</summary>
    [Id(0)] public long Version { get; } = version;

    [Id(1)] public byte[] ValueBytes { get; } = valueBytes;

    public ReadOnlySpan<float> Values => BulkBytes.AsFloats(ValueBytes);

    public int Count => ValueBytes.Length / sizeof(float);
}
