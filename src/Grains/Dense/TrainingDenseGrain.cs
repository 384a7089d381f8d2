using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Grains.Dense;

/// <summary>
/// A model's dense weights and Adam state in the training pool. The weights live in this activation only, like the
/// training shards' rows, so it never deactivates for idleness. Pushes are applied one at a time in arrival order.
/// </summary>
[PoolPlacementFilter(SiloPool.Training)]
internal sealed partial class TrainingDenseGrain(ILocalSiloDetails silo, ILogger<TrainingDenseGrain> logger) : Grain, ITrainingDenseGrain
{
    private DenseModelConfig? _config;
    private float[] _weights = [];
    private DenseAdam? _adam;
    private long _maxStaleness;

    private string Model => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

    public Task<DenseWeights> Initialize(DenseModelConfig config, DenseWeights initial)
    {
        config.Validate(Model);
        if (_config is not null)
        {
            return _config == config
                ? Task.FromResult(Snapshot())
                : throw new ModelConfigConflictException($"Model '{Model}' exists with {_config}; the request asked for {config}. Use another model name.");
        }

        if (initial.Count != config.Parameters)
        {
            throw new InvalidBatchException($"Model '{Model}': {initial.Count} initial weights for {config.Parameters} parameters.");
        }

        CheckFinite(initial.Values, "initial weight");
        _config = config;
        _weights = initial.Values.ToArray();
        _adam = new DenseAdam(config);
        LogInitialized(logger, Model, config.Parameters);
        return Task.FromResult(Snapshot());
    }

    public Task<long> Push(DenseGradients gradients)
    {
        Apply(gradients);
        return Task.FromResult(_adam!.Steps);
    }

    public Task<DenseWeights> PushAndPull(DenseGradients gradients)
    {
        Apply(gradients);
        return Task.FromResult(Snapshot());
    }

    public Task<DenseWeights> Pull()
    {
        RequireModel();
        return Task.FromResult(Snapshot());
    }

    public async Task<long> Publish()
    {
        RequireModel();
        var weights = Snapshot();
        await GrainFactory.GetGrain<IServingDenseGrain>(Model).Accept(weights);
        LogPublished(logger, Model, weights.Version);
        return weights.Version;
    }

    public Task<DenseStats> GetStats() => Task.FromResult(new DenseStats
    {
        Model = Model,
        Silo = silo.SiloAddress.ToString(),
        Version = _adam?.Steps ?? -1,
        Parameters = _weights.Length,
        MaxStaleness = _maxStaleness,
    });

    private void Apply(DenseGradients gradients)
    {
        var config = RequireModel();
        if (gradients.ValueBytes.Length != config.Parameters * sizeof(float))
        {
            throw new InvalidBatchException(
                $"Model '{Model}': {gradients.ValueBytes.Length / (double)sizeof(float)} gradient values for {config.Parameters} parameters; nothing was applied.");
        }

        CheckFinite(gradients.Values, "gradient");
        _maxStaleness = Math.Max(_maxStaleness, _adam!.Steps - gradients.BaseVersion);
        _adam.Step(_weights, gradients.Values);
        Telemetry.ParameterServerInstruments.RecordDenseVersion(Model, SiloPool.Training, _adam.Steps);
    }

    private DenseModelConfig RequireModel() =>
        _config ?? throw new UnknownModelException($"Model '{Model}' has no dense parameters; a trainer initialises them first.");

    private DenseWeights Snapshot() => new(_adam?.Steps ?? 0, BulkBytes.From(_weights));

    private void CheckFinite(ReadOnlySpan<float> values, string what)
    {
        var bad = FloatSpans.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidBatchException($"Model '{Model}': {what} {values[bad]} at index {bad} is not finite; nothing was applied.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dense model {Model} initialised: {Parameters} parameters")]
    private static partial void LogInitialized(ILogger logger, string model, int parameters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dense model {Model} published version {Version} to serving")]
    private static partial void LogPublished(ILogger logger, string model, long version);
}
