namespace ParameterServer.Embeddings.Optimizers;

/// <summary>Sparse optimizers applied inside the table, per row.</summary>
public enum SparseOptimizerKind
{
    /// <summary>w -= lr * g. No state.</summary>
    Sgd = 0,

    /// <summary>acc += g²; w -= lr * g / (sqrt(acc) + eps). One float of state per coordinate.</summary>
    Adagrad = 1,

    /// <summary>FTRL-Proximal, per coordinate (McMahan et al. 2013). Two floats (z, n) per coordinate.</summary>
    Ftrl = 2,

    /// <summary>Lazy Adam with per-row step count for bias correction. Two floats (m, v) per coordinate plus the step.</summary>
    Adam = 3,
}
