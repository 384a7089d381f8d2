using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Serialization;

[RegisterConverter]
public sealed class SparseOptimizerSettingsConverter : IConverter<SparseOptimizerSettings, SparseOptimizerSettingsSurrogate>
{
    public SparseOptimizerSettings ConvertFromSurrogate(in SparseOptimizerSettingsSurrogate surrogate) => new()
    {
        Kind = (SparseOptimizerKind)surrogate.Kind,
        LearningRate = surrogate.LearningRate,
        InitialAccumulator = surrogate.InitialAccumulator,
        Epsilon = surrogate.Epsilon,
        Beta1 = surrogate.Beta1,
        Beta2 = surrogate.Beta2,
        FtrlAlpha = surrogate.FtrlAlpha,
        FtrlBeta = surrogate.FtrlBeta,
        L1 = surrogate.L1,
        L2 = surrogate.L2,
    };

    public SparseOptimizerSettingsSurrogate ConvertToSurrogate(in SparseOptimizerSettings value) => new()
    {
        Kind = (int)value.Kind,
        LearningRate = value.LearningRate,
        InitialAccumulator = value.InitialAccumulator,
        Epsilon = value.Epsilon,
        Beta1 = value.Beta1,
        Beta2 = value.Beta2,
        FtrlAlpha = value.FtrlAlpha,
        FtrlBeta = value.FtrlBeta,
        L1 = value.L1,
        L2 = value.L2,
    };
}
