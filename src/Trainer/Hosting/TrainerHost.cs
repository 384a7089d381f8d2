using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ParameterServer.Grains.Dense;
using ParameterServer.Grains.Hosting;
using ParameterServer.ServiceDefaults;

namespace ParameterServer.Trainer.Hosting;

/// <summary>
/// The cluster a trainer talks to: by default a silo embedded in this process (pool "all", ports apart from a
/// standalone silo's defaults, so it runs beside one); with <c>--Trainer:Join=true</c> a client of the cluster that
/// the <c>Cluster</c> section describes (the same settings the silos read). Either way it serves metrics and health
/// (Operations section, ports 9311 and, for the embedded silo's dashboard, 8311: beside a standalone silo's 9464/8080).
/// </summary>
internal sealed class TrainerHost : IAsyncDisposable
{
    private readonly WebApplication _host;

    private TrainerHost(WebApplication host, bool embedded)
    {
        _host = host;
        Embedded = embedded;
        var client = host.Services.GetRequiredService<IClusterClient>();
        Client = client;
        Sparse = new ParameterServerClient(client);
        Dense = new DenseParameterClient(client);
        var o = host.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        Endpoints = embedded && o.DashboardPort > 0
            ? $"Dashboard: http://{o.DashboardAddress}:{o.DashboardPort}{OperationsOptions.DashboardPath}/ (embedded silo)"
            : $"Metrics: http://{o.MetricsAddress}:{o.MetricsPort}{OperationsOptions.MetricsPath} (no dashboard: the cluster's silos serve it)";
    }

    public bool Embedded { get; }

    /// <summary>One line for the console: the dashboard's URL with an embedded silo, else the metrics URL.</summary>
    public string Endpoints { get; }

    /// <summary>The cluster client (streams; user and active-user grains).</summary>
    public IClusterClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public ParameterServerClient Sparse { get; }

    public DenseParameterClient Dense { get; }

    /// <param name="configurationArgs"><c>--Section:Key=value</c> settings (the command line wins over defaults).</param>
    public static async Task<TrainerHost> Start(string[] configurationArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Cluster:ClusterId"] = "ps-demo",
                ["Cluster:SiloPort"] = "11311",
                ["Cluster:GatewayPort"] = "30311",
                ["Operations:DashboardPort"] = "8311",
                ["Operations:MetricsPort"] = "9311",

                // The embedded silo is a throwaway cluster: snapshots would make the next run start from this one's rows.
                ["Snapshots:Store"] = "None",
            },
        });

        // Orleans's start-up advice (server GC, watchdog) is noise for a one-process job; real problems are errors.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        var join = builder.Configuration.GetValue<bool>("Trainer:Join");
        if (join)
        {
            // A client has no dashboard (the silos serve it), so it binds only the metrics and health port, whatever
            // the environment says (the Kubernetes ConfigMap gives the silos a dashboard port).
            builder.Configuration.AddInMemoryCollection([new("Operations:DashboardPort", "0")]);
            builder.UseOrleansClient(client => client.UseParameterServerCluster(builder.Configuration).AddParameterServerOperations(builder.Configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseParameterServerCluster(builder.Configuration).AddDenseParameters().AddParameterServerOperations(builder.Configuration));
        }

        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new TrainerHost(app, !join);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}
