namespace ParameterServer.Embeddings;

/// <summary>
/// Deterministic per-ID initialiser: the same (seed, id) gives the same row on any shard, process or restart,
/// because the values come from a counter-based generator keyed by the ID rather than from shared RNG state.
/// </summary>
public readonly record struct EmbeddingInitializer(EmbeddingInitializerKind Kind, float Scale, ulong Seed)
{
    public static EmbeddingInitializer Zeros => new(EmbeddingInitializerKind.Zeros, 0f, 0);

    /// <summary>Fills <paramref name="row"/> with the initial values of <paramref name="id"/>. Allocates nothing.</summary>
    public void Fill(long id, Span<float> row)
    {
        throw new NotImplementedException();
    }
}
