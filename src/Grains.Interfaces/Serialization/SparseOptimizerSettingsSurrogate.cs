namespace ParameterServer.Serialization;

/// <summary>Wire form of <see cref="Embeddings.Optimizers.SparseOptimizerSettings"/>.</summary>
[GenerateSerializer, Immutable, Alias("ps.SparseOptimizerSettings")]
public struct SparseOptimizerSettingsSurrogate
{
    [Id(0)] public int Kind;
    [Id(1)] public float LearningRate;
    [Id(2)] public float InitialAccumulator;
    [Id(3)] public float Epsilon;
    [Id(4)] public float Beta1;
    [Id(5)] public float Beta2;
    [Id(6)] public float FtrlAlpha;
    [Id(7)] public float FtrlBeta;
    [Id(8)] public float L1;
    [Id(9)] public float L2;
}
