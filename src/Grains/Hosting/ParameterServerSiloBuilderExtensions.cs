using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ParameterServer.Grains.Joining;
using ParameterServer.Grains.Snapshots;
using ParameterServer.Grains.Telemetry;
using ParameterServer.Grains.Users;

namespace ParameterServer.Grains.Hosting;

public static class ParameterServerSiloBuilderExtensions
{
    /// <summary>Name of the grain storage holding the table registry; the host registers a provider under it.</summary>
    public const string RegistryStorageName = "ps-registry";

    /// <summary>
    /// Hosts the parameter server's grains in this silo. Options come from the configuration sections
    /// <see cref="ParameterServerOptions.SectionName"/>, <see cref="SnapshotOptions.SectionName"/> and
    /// <see cref="JoinerOptions.SectionName"/>, then the
    /// delegates; they are validated here, because the pool must be published as silo metadata before the silo starts.
    /// </summary>
    public static ISiloBuilder AddParameterServer(
        this ISiloBuilder builder,
        Action<ParameterServerOptions>? configure = null,
        Action<SnapshotOptions>? configureSnapshots = null,
        Action<JoinerOptions>? configureJoiner = null)
    {
        var options = new ParameterServerOptions();
        builder.Configuration.GetSection(ParameterServerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new ParameterServerOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ParameterServerOptions), validation.Failures);
        }

        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<LocalShards>();
        builder.UseSiloMetadata(new Dictionary<string, string> { [SiloPool.MetadataKey] = options.Pool });
        builder.Services.AddPlacementFilter<PoolPlacementFilterStrategy, PoolPlacementFilterDirector>(ServiceLifetime.Transient);
        return builder.AddSnapshots(configureSnapshots).AddJoiner(configureJoiner).AddRecommendations();
    }
}
