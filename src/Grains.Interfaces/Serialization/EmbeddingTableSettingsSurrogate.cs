using ParameterServer.Embeddings;

namespace ParameterServer.Serialization;

/// <summary>Wire form of <see cref="EmbeddingTableSettings"/>, which lives in the Orleans-free table core.</summary>
[GenerateSerializer, Immutable, Alias("ps.EmbeddingTableSettings")]
public struct EmbeddingTableSettingsSurrogate
{
    [Id(0)] public int Dimension;
    [Id(1)] public EmbeddingInitializerSurrogate Initializer;
    [Id(2)] public SparseOptimizerSettingsSurrogate Optimizer;
    [Id(3)] public int MinCount;
    [Id(4)] public int FilterMemoryBytes;
    [Id(5)] public TimeSpan? TimeToLive;
    [Id(6)] public bool ValuesOnly;
    [Id(7)] public int InitialCapacity;
}
