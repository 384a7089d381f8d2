using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace ParameterServer.Grains.Telemetry;

public static class ParameterServerTelemetrySiloBuilderExtensions
{
    /// <summary>
    /// Adds the per-silo shard report service and <see cref="ParameterServerOverview"/>, which the dashboard page uses
    /// to show every silo's shards. Every silo of the cluster must add it (a silo without it cannot be asked).
    /// </summary>
    public static ISiloBuilder AddParameterServerOverview(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton<LocalShards>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrainService<ShardReportService>();
        builder.Services.AddSingleton<ShardReportClient>();
        builder.Services.AddSingleton(sp => new ParameterServerOverview(
            sp.GetRequiredService<IClusterMembershipService>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<ILocalSiloDetails>(),
            sp.GetRequiredService<ShardReportClient>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
