using ParameterServer.Embeddings;

namespace ParameterServer;

/// <summary>
/// The SDK for a model's dense parameters: initialise (or rejoin) a model, push gradients, pull weights, publish to
/// serving, read the serving copy. Values travel as one bulk byte column. Thread-safe.
/// </summary>
public sealed class DenseParameterClient(IGrainFactory grains)
{
    /// <summary>Creates the model with <paramref name="initial"/> weights, or returns the weights the cluster already
    /// holds for it (same configuration): a restarted trainer continues from them.</summary>
    public Task<DenseWeights> Initialize(string model, DenseModelConfig config, ReadOnlySpan<float> initial)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate(model);
        if (initial.Length != config.Parameters)
        {
            throw new InvalidBatchException($"Model '{model}': {initial.Length} initial weights for {config.Parameters} parameters.");
        }

        return Training(model).Initialize(config, new DenseWeights(0, BulkBytes.From(initial)));
    }

    /// <summary>Applies one Adam step in the training pool; returns the new version. Checked whole before sending.</summary>
    public Task<long> Push(string model, long baseVersion, ReadOnlySpan<float> gradients) =>
        Training(model).Push(Gradients(model, baseVersion, gradients));

    /// <summary>Applies one Adam step and returns the weights after it, in one round trip.</summary>
    public Task<DenseWeights> PushAndPull(string model, long baseVersion, ReadOnlySpan<float> gradients) =>
        Training(model).PushAndPull(Gradients(model, baseVersion, gradients));

    public Task<DenseWeights> Pull(string model) => Training(model).Pull();

    /// <summary>Sends the training weights to serving now; returns the version sent.</summary>
    public Task<long> Publish(string model) => Training(model).Publish();

    /// <summary>The weights serving uses (they change on publish or every refresh interval).</summary>
    public Task<DenseWeights> GetServing(string model) => Serving(model).Get();

    public Task<long> GetServingVersion(string model) => Serving(model).GetVersion();

    private ITrainingDenseGrain Training(string model) => grains.GetGrain<ITrainingDenseGrain>(CheckName(model));

    private IServingDenseGrain Serving(string model) => grains.GetGrain<IServingDenseGrain>(CheckName(model));

    private static DenseGradients Gradients(string model, long baseVersion, ReadOnlySpan<float> gradients)
    {
        var bad = FloatSpans.IndexOfNonFinite(gradients);
        if (bad >= 0)
        {
            throw new InvalidBatchException($"Model '{model}': gradient {gradients[bad]} at index {bad} is not finite; nothing was sent.");
        }

        return new DenseGradients(baseVersion, BulkBytes.From(gradients));
    }

    private static string CheckName(string model) => DenseModelName.IsValid(model)
        ? model
        : throw new InvalidModelConfigException($"Model name '{model}' is invalid: use 1 to {DenseModelName.MaxLength} letters, digits, '-', '_' or '.'.");
}
