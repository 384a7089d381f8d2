using ParameterServer.Embeddings;

namespace ParameterServer.Serialization;

[RegisterConverter]
public sealed class EmbeddingTableSettingsConverter : IConverter<EmbeddingTableSettings, EmbeddingTableSettingsSurrogate>
{
    private static readonly EmbeddingInitializerConverter Initializers = new();
    private static readonly SparseOptimizerSettingsConverter Optimizers = new();

    public EmbeddingTableSettings ConvertFromSurrogate(in EmbeddingTableSettingsSurrogate surrogate) => new()
    {
        Dimension = surrogate.Dimension,
        Initializer = Initializers.ConvertFromSurrogate(surrogate.Initializer),
        Optimizer = Optimizers.ConvertFromSurrogate(surrogate.Optimizer),
        MinCount = surrogate.MinCount,
        FilterMemoryBytes = surrogate.FilterMemoryBytes,
        TimeToLive = surrogate.TimeToLive,
        ValuesOnly = surrogate.ValuesOnly,
        InitialCapacity = surrogate.InitialCapacity,
    };

    public EmbeddingTableSettingsSurrogate ConvertToSurrogate(in EmbeddingTableSettings value) => new()
    {
        Dimension = value.Dimension,
        Initializer = Initializers.ConvertToSurrogate(value.Initializer),
        Optimizer = Optimizers.ConvertToSurrogate(value.Optimizer),
        MinCount = value.MinCount,
        FilterMemoryBytes = value.FilterMemoryBytes,
        TimeToLive = value.TimeToLive,
        ValuesOnly = value.ValuesOnly,
        InitialCapacity = value.InitialCapacity,
    };
}
