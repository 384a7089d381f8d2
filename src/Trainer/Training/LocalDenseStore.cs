using ParameterServer.Grains.Dense;

namespace ParameterServer.Trainer.Training;

/// <summary>Dense parameters in this process with the same Adam the dense grain runs (the local baseline).</summary>
public sealed class LocalDenseStore : IDenseStore
{
    private float[] _weights = [];
    private DenseAdam? _adam;

    public Task<DenseWeights> Initialize(DenseModelConfig config, float[] initial)
    {
        _weights = initial.ToArray();
        _adam = new DenseAdam(config);
        return Task.FromResult(Snapshot());
    }

    public Task<long> Push(long baseVersion, float[] gradients)
    {
        Adam.Step(_weights, gradients);
        return Task.FromResult(Adam.Steps);
    }

    public Task<DenseWeights> PushAndPull(long baseVersion, float[] gradients)
    {
        Adam.Step(_weights, gradients);
        return Task.FromResult(Snapshot());
    }

    private DenseAdam Adam => _adam ?? throw new InvalidOperationException("Initialize the local dense store first.");

    private DenseWeights Snapshot() => new(_adam?.Steps ?? 0, BulkBytes.From(_weights));
}
