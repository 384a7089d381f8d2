namespace ParameterServer.Serialization;

/// <summary>Wire form of <see cref="Embeddings.EmbeddingInitializer"/>.</summary>
[GenerateSerializer, Immutable, Alias("ps.EmbeddingInitializer")]
public struct EmbeddingInitializerSurrogate
{
    [Id(0)] public int Kind;
    [Id(1)] public float Scale;
    [Id(2)] public ulong Seed;
}
