namespace ParameterServer;

/// <summary>
/// The serving copy of a model's dense parameters (key: model name). It takes a new version lazily: on activation,
/// every <c>DenseParameters:RefreshInterval</c> (default 1 h), or when the training grain publishes.
/// </summary>
[Alias("ps.IServingDenseGrain")]
public interface IServingDenseGrain : IGrainWithStringKey
{
    /// <summary>The weights serving uses; throws <see cref="UnknownModelException"/> when training has none yet.</summary>
    [Alias("Get")]
    Task<DenseWeights> Get();

    /// <summary>The version serving uses (-1 when it has none).</summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();

    /// <summary>Takes <paramref name="weights"/> when newer than what it has (called by the training grain's publish).</summary>
    [Alias("Accept")]
    Task Accept(DenseWeights weights);

    [Alias("GetStats")]
    Task<DenseStats> GetStats();
}
