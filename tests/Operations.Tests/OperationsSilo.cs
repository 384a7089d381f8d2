using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Telemetry;
using ParameterServer.ServiceDefaults;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// A silo hosted the way src/Silo/Program.cs hosts it (WebApplication, AddServiceDefaults, UseParameterServerCluster,
/// AddParameterServerOperations, MapDefaultEndpoints), on free loopback ports, with a fast sync and TTL sweep.
/// </summary>
internal sealed class OperationsSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperationsSilo(WebApplication app, int siloPort, int gatewayPort, int dashboardPort, int metricsPort, string clusterId)
    {
        _app = app;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        DashboardUri = new Uri($"http://127.0.0.1:{dashboardPort}/");
        MetricsUri = new Uri($"http://127.0.0.1:{metricsPort}/");
        ClusterId = clusterId;
        Client = new ParameterServerClient(app.Services.GetRequiredService<IClusterClient>());
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string ClusterId { get; }

    /// <summary>Base address of the dashboard port (Orleans dashboard under dashboard/, the parameter-server page).</summary>
    public Uri DashboardUri { get; }

    /// <summary>Base address of the metrics port (metrics, health/live, health/ready).</summary>
    public Uri MetricsUri { get; }

    public ParameterServerClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public LocalShards Shards => _app.Services.GetRequiredService<LocalShards>();

    public static async Task<OperationsSilo> Start(
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var ports = FreePorts.Take(4);
        var clusterId = $"ops-test-{Guid.NewGuid():N}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = ports[0].ToString(),
            ["Cluster:GatewayPort"] = ports[1].ToString(),
            ["Operations:DashboardPort"] = ports[2].ToString(),
            ["Operations:MetricsPort"] = ports[3].ToString(),
            ["ParameterServer:SyncInterval"] = "00:00:00.200",
            ["ParameterServer:EvictionInterval"] = "00:00:00.200",
            ["Snapshots:Store"] = "None",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        builder.UseOrleans(silo => silo
            .UseParameterServerCluster(builder.Configuration)
            .AddParameterServerOperations(builder.Configuration));
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new OperationsSilo(app, ports[0], ports[1], ports[2], ports[3], clusterId);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
