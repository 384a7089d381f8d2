namespace ParameterServer;

/// <summary>Gradients of a model's dense parameters from one trainer step, flattened as the weights are.</summary>
[GenerateSerializer, Immutable, Alias("ps.DenseGradients")]
public sealed class DenseGradients(long baseVersion, byte[] valueBytes)
{
    /// <summary>The weights' version the trainer computed the gradients with; the grain reports how stale pushes are.</summary>
    [Id(0)] public long BaseVersion { get; } = baseVersion;

    [Id(1)] public byte[] ValueBytes { get; } = valueBytes;

    public ReadOnlySpan<float> Values => BulkBytes.AsFloats(ValueBytes);

    public int Count => ValueBytes.Length / sizeof(float);
}
