using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParameterServer.Grains.Dense;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Trainer.Hosting;

/// <summary>
/// The cluster a trainer talks to: by default a silo embedded in this process (pool "all", ports apart from a
/// standalone silo's defaults, so it runs beside one); with <c>--Trainer:Join=true</c> a client of the cluster that
/// the <c>Cluster</c> section describes (the same settings the silos read).
/// </summary>
internal sealed class TrainerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TrainerHost(IHost host, bool embedded)
    {
        _host = host;
        Embedded = embedded;
        var client = host.Services.GetRequiredService<IClusterClient>();
        Sparse = new ParameterServerClient(client);
        Dense = new DenseParameterClient(client);
    }

    public bool Embedded { get; }

    public ParameterServerClient Sparse { get; }

    public DenseParameterClient Dense { get; }

    /// <param name="configurationArgs"><c>--Section:Key=value</c> settings (the command line wins over defaults).</param>
    public static async Task<TrainerHost> Start(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Cluster:ClusterId"] = "ps-demo",
                ["Cluster:SiloPort"] = "11311",
                ["Cluster:GatewayPort"] = "30311",
            },
        });

        // Orleans's start-up advice (server GC, watchdog) is noise for a one-process job; real problems are errors.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        var join = builder.Configuration.GetValue<bool>("Trainer:Join");
        if (join)
        {
            builder.UseOrleansClient(client => client.UseParameterServerCluster(builder.Configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseParameterServerCluster(builder.Configuration).AddDenseParameters());
        }

        var host = builder.Build();
        await host.StartAsync();
        return new TrainerHost(host, !join);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
