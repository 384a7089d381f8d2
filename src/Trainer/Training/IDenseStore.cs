namespace ParameterServer.Trainer.Training;

/// <summary>Where a model's dense parameters and their optimizer live: the cluster's dense grains or this process.</summary>
public interface IDenseStore
{
    /// <summary>Creates the model with <paramref name="initial"/> weights, or returns the weights already held.</summary>
    Task<DenseWeights> Initialize(DenseModelConfig config, float[] initial);

    /// <summary>Applies one optimizer step; returns the new version.</summary>
    Task<long> Push(long baseVersion, float[] gradients);

    /// <summary>Applies one optimizer step and returns the weights after it.</summary>
    Task<DenseWeights> PushAndPull(long baseVersion, float[] gradients);
}
