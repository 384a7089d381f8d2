namespace ParameterServer.Trainer.Training;

/// <summary>Dense parameters in the cluster: TrainingDenseGrain(<paramref name="model"/>) runs Adam.</summary>
public sealed class GrainDenseStore(DenseParameterClient client, string model) : IDenseStore
{
    public string Model { get; } = model;

    public Task<DenseWeights> Initialize(DenseModelConfig config, float[] initial) => client.Initialize(Model, config, initial);

    public Task<long> Push(long baseVersion, float[] gradients) => client.Push(Model, baseVersion, gradients);

    public Task<DenseWeights> PushAndPull(long baseVersion, float[] gradients) => client.PushAndPull(Model, baseVersion, gradients);
}
