namespace ParameterServer.Embeddings.Optimizers;

/// <summary>Hyper-parameters of a sparse optimizer. Fields that do not apply to <see cref="Kind"/> are ignored.</summary>
public sealed record SparseOptimizerSettings
{
    public required SparseOptimizerKind Kind { get; init; }

    /// <summary>Step size (SGD, Adagrad, Adam). Must be finite and &gt; 0.</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>Adagrad's starting accumulator value. Must be &gt;= 0.</summary>
    public float InitialAccumulator { get; init; } = 0.1f;

    /// <summary>Added to denominators (Adagrad, Adam). Must be &gt; 0.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Adam's first-moment decay, in [0, 1).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam's second-moment decay, in [0, 1).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>FTRL's alpha (per-coordinate learning rate scale). Must be &gt; 0.</summary>
    public float FtrlAlpha { get; init; } = 0.05f;

    /// <summary>FTRL's beta. Must be &gt;= 0.</summary>
    public float FtrlBeta { get; init; } = 1f;

    /// <summary>L1 regularisation strength (FTRL). Must be &gt;= 0.</summary>
    public float L1 { get; init; }

    /// <summary>L2 regularisation strength (FTRL). Must be &gt;= 0.</summary>
    public float L2 { get; init; }

    public static SparseOptimizerSettings Sgd(float learningRate) => new() { Kind = SparseOptimizerKind.Sgd, LearningRate = learningRate };

    public static SparseOptimizerSettings Adagrad(float learningRate, float initialAccumulator = 0.1f) =>
        new() { Kind = SparseOptimizerKind.Adagrad, LearningRate = learningRate, InitialAccumulator = initialAccumulator };

    public static SparseOptimizerSettings Ftrl(float alpha, float beta = 1f, float l1 = 0f, float l2 = 0f) =>
        new() { Kind = SparseOptimizerKind.Ftrl, FtrlAlpha = alpha, FtrlBeta = beta, L1 = l1, L2 = l2 };

    public static SparseOptimizerSettings Adam(float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f) =>
        new() { Kind = SparseOptimizerKind.Adam, LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon };

    /// <summary>Checks the fields that apply to <see cref="Kind"/>; the message names the setting, its value and range.</summary>
    internal void Validate()
    {
        switch (Kind)
        {
            case SparseOptimizerKind.Sgd:
                CheckPositive(LearningRate, nameof(LearningRate));
                break;
            case SparseOptimizerKind.Adagrad:
                CheckPositive(LearningRate, nameof(LearningRate));
                CheckNonNegative(InitialAccumulator, nameof(InitialAccumulator));
                CheckPositive(Epsilon, nameof(Epsilon));
                break;
            case SparseOptimizerKind.Ftrl:
                CheckPositive(FtrlAlpha, nameof(FtrlAlpha));
                CheckNonNegative(FtrlBeta, nameof(FtrlBeta));
                CheckNonNegative(L1, nameof(L1));
                CheckNonNegative(L2, nameof(L2));
                break;
            case SparseOptimizerKind.Adam:
                CheckPositive(LearningRate, nameof(LearningRate));
                CheckDecay(Beta1, nameof(Beta1));
                CheckDecay(Beta2, nameof(Beta2));
                CheckPositive(Epsilon, nameof(Epsilon));
                break;
            default:
                EmbeddingTableSettings.Check(false, "Optimizer.Kind", Kind, string.Join(", ", Enum.GetNames<SparseOptimizerKind>()));
                break;
        }
    }

    private static void CheckPositive(float value, string name) =>
        EmbeddingTableSettings.Check(float.IsFinite(value) && value > 0, "Optimizer." + name, value, "finite and > 0");

    private static void CheckNonNegative(float value, string name) =>
        EmbeddingTableSettings.Check(float.IsFinite(value) && value >= 0, "Optimizer." + name, value, "finite and >= 0");

    private static void CheckDecay(float value, string name) =>
        EmbeddingTableSettings.Check(value is >= 0 and < 1, "Optimizer." + name, value, "[0, 1)");
}
