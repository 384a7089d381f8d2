namespace ParameterServer;

/// <summary>Asks a serving shard for its <see cref="K"/> rows with the highest inner product with a query vector.</summary>
[GenerateSerializer, Immutable, Alias("ps.TopKQuery")]
public sealed class TopKQuery(long generation, byte[] queryBytes, int k, byte[] excludeBytes)
{
    /// <summary>The table generation the caller routed by.</summary>
    [Id(0)] public long Generation { get; } = generation;

    /// <summary>The query: dimension floats.</summary>
    [Id(1)] public byte[] QueryBytes { get; } = queryBytes;

    [Id(2)] public int K { get; } = k;

    /// <summary>IDs never to return (e.g. items the user has seen).</summary>
    [Id(3)] public byte[] ExcludeBytes { get; } = excludeBytes;

    public ReadOnlySpan<float> Query => BulkBytes.AsFloats(QueryBytes);

    public ReadOnlySpan<long> Exclude => BulkBytes.AsLongs(ExcludeBytes);
}
