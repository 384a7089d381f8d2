using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Grains.Dense;

/// <summary>
/// The serving copy of a model's dense weights. It takes the training grain's latest version when it activates and
/// then every <see cref="DenseParameterOptions.RefreshInterval"/>, or at once when training publishes: serving's dense
/// part changes rarely and as a whole, unlike the embeddings, which follow training within a second.
/// </summary>
[PoolPlacementFilter(SiloPool.Serving)]
internal sealed partial class ServingDenseGrain(
    IOptions<DenseParameterOptions> options,
    ILocalSiloDetails silo,
    ILogger<ServingDenseGrain> logger) : Grain, IServingDenseGrain
{
    private DenseWeights? _weights;

    private string Model => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Refresh(cancellationToken);
        this.RegisterGrainTimer(Refresh, new GrainTimerCreationOptions
        {
            DueTime = options.Value.RefreshInterval,
            Period = options.Value.RefreshInterval,
            KeepAlive = true,
        });
    }

    public async Task<DenseWeights> Get()
    {
        if (_weights is null)
        {
            await Refresh(CancellationToken.None);
        }

        return _weights ?? throw new UnknownModelException($"Model '{Model}' has no dense parameters in training yet; nothing to serve.");
    }

    public Task<long> GetVersion() => Task.FromResult(_weights?.Version ?? -1);

    public Task Accept(DenseWeights weights)
    {
        if (_weights is null || weights.Version > _weights.Version)
        {
            _weights = weights;
            Telemetry.ParameterServerInstruments.RecordDenseVersion(Model, SiloPool.Serving, weights.Version);
            LogTook(logger, Model, weights.Version);
        }

        return Task.CompletedTask;
    }

    public Task<DenseStats> GetStats() => Task.FromResult(new DenseStats
    {
        Model = Model,
        Silo = silo.SiloAddress.ToString(),
        Version = _weights?.Version ?? -1,
        Parameters = _weights?.Count ?? 0,
    });

    private async Task Refresh(CancellationToken cancellationToken)
    {
        try
        {
            await Accept(await GrainFactory.GetGrain<ITrainingDenseGrain>(Model).Pull());
        }
        catch (UnknownModelException)
        {
            // Nothing trained yet: Get reports it; the next refresh or publish brings the weights.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving dense model {Model} took version {Version}")]
    private static partial void LogTook(ILogger logger, string model, long version);
}
