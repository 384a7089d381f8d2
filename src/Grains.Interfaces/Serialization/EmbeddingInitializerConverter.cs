using ParameterServer.Embeddings;

namespace ParameterServer.Serialization;

[RegisterConverter]
public sealed class EmbeddingInitializerConverter : IConverter<EmbeddingInitializer, EmbeddingInitializerSurrogate>
{
    public EmbeddingInitializer ConvertFromSurrogate(in EmbeddingInitializerSurrogate surrogate) =>
        new((EmbeddingInitializerKind)surrogate.Kind, surrogate.Scale, surrogate.Seed);

    public EmbeddingInitializerSurrogate ConvertToSurrogate(in EmbeddingInitializer value) =>
        new() { Kind = (int)value.Kind, Scale = value.Scale, Seed = value.Seed };
}
