namespace ParameterServer.Bench.Sparse;

/// <summary>Everything one `sparse` run measured.</summary>
internal sealed record SparseResult(
    SparseSettings Settings,
    double MeanUniquePerBatch,
    int DistinctIds,
    InProcessResult InProcess,
    Sweep Sdk,
    Sweep Redis,
    double[] FreshnessSeconds,
    (double Others, double Available)? OtherCpuSeconds);
