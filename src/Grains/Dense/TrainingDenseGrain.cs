using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Grains.Dense;

/// <summary>
/// A model's dense weights and Adam state in the training pool. The weights live in this activation only, like the
/// training shards' rows, so it never deactivates for idleness. Pushes are applied one at a time in arrival order.
/// </summary>
[PoolPlacementFilter(SiloPool.Training)]
internal sealed partial class TrainingDenseGrain(ILocalSiloDetails silo, ILogger<TrainingDenseGrain> logger) : Grain, ITrainingDenseGrain
{
    // Absent when snapshots are turned off (Snapshots:Store = None).
    private ShardSnapshots? Snapshots => ServiceProvider.GetService<ShardSnapshots>();

    private DenseModelConfig? _config;
    private float[] _weights = [];
    private DenseAdam? _adam;
    private long _maxStaleness;

    private string Model => this.GetPrimaryKeyString();

    /// <summary>Takes the weights and Adam state of the newest snapshot that has this model, before any call.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.MaxValue);
        if (Snapshots is { } snapshots && await snapshots.RestoreDense(Model, snapshotId: null, cancellationToken) is { } restored)
        {
            Take(restored);
        }
    }

    public async Task<bool> RestoreFrom(string snapshotId)
    {
        var snapshots = Snapshots ?? throw new SnapshotFailedException("Snapshots are turned off (Snapshots:Store is None).");
        if (await snapshots.RestoreDense(Model, snapshotId, CancellationToken.None) is not { } restored)
        {
            return false;
        }

        Take(restored);
        return true;
    }

    private void Take(DenseModelSnapshot restored)
    {
        _config = restored.Config;
        _weights = restored.Weights;
        _adam = new DenseAdam(restored.Config);
        _adam.Restore(restored.FirstMoments, restored.SecondMoments, restored.Version);
        LogRestored(logger, Model, restored.Version);
    }

    public async Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request)
    {
        var config = RequireModel();
        var snapshots = Snapshots ?? throw new SnapshotFailedException("Snapshots are turned off (Snapshots:Store is None).");
        var dense = new DenseModelSnapshot(config, _adam!.Steps, _weights, _adam.FirstMoments.ToArray(), _adam.SecondMoments.ToArray());
        return await snapshots.WriteDensePart(Model, dense, request.SnapshotId, CancellationToken.None);
    }

    public async Task<DenseWeights> Initialize(DenseModelConfig config, DenseWeights initial)
    {
        config.Validate(Model);
        if (_config is not null)
        {
            return _config == config
                ? Snapshot()
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
        await GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key).RegisterDenseModel(Model);
        LogInitialized(logger, Model, config.Parameters);
        return Snapshot();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Dense model {Model} restored from a snapshot at version {Version}")]
    private static partial void LogRestored(ILogger logger, string model, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dense model {Model} initialised: {Parameters} parameters")]
    private static partial void LogInitialized(ILogger logger, string model, int parameters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dense model {Model} published version {Version} to serving")]
    private static partial void LogPublished(ILogger logger, string model, long version);
}
