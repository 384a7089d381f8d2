using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParameterServer.Grains.Hosting;
using ParameterServer.ServiceDefaults;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// A training silo (whose gateway the clients use) and a serving silo that joins it, both with TLS from
/// scripts/make-dev-cert.sh certificates. The training silo's TLS log lines are kept.
/// </summary>
public sealed class TlsCluster : IAsyncLifetime
{
    private const string TlsLogCategory = "Orleans.Connections.Security";

    private readonly List<IHost> _silos = [];
    private readonly RecordingLoggerProvider _gatewayLog = new();
    private int[] _ports = [];
    private string _clusterId = "";

    internal DevCertificates Certificates { get; } = DevCertificates.Make();

    public int GatewayPort => _ports[1];

    /// <summary>TLS handshakes the gateway silo refused so far.</summary>
    public int RefusedHandshakes => _gatewayLog.Lines.Count(l => l.Contains(TlsLogCategory, StringComparison.Ordinal) && l.Contains("Authentication failed", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        _ports = FreePorts.Take(4);
        _clusterId = $"tls-test-{Guid.NewGuid():N}";
        _silos.Add(await StartSilo(SiloPool.Training, _ports[0], _ports[1], primarySiloPort: 0, _gatewayLog));
        _silos.Add(await StartSilo(SiloPool.Serving, _ports[2], _ports[3], primarySiloPort: _ports[0], log: null));
    }

    /// <summary>Starts a client of the training silo's gateway with <paramref name="tls"/>; null when it has not
    /// connected within <paramref name="wait"/> (an Orleans client retries refused connections until cancelled).</summary>
    internal async Task<IHost?> StartClient(Dictionary<string, string?> tls, RecordingLoggerProvider log, TimeSpan wait)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Settings(GatewayPort, tls));
        builder.UseOrleansClient(client => client
            .UseParameterServerCluster(builder.Configuration)
            .AddParameterServerOperations(builder.Configuration));
        var host = builder.Build();
        try
        {
            using var deadline = new CancellationTokenSource(wait);
            await host.StartAsync(deadline.Token);
            return host;
        }
        catch (OperationCanceledException)
        {
            host.Dispose();
            return null;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        Certificates.Dispose();
    }

    private async Task<IHost> StartSilo(string pool, int siloPort, int gatewayPort, int primarySiloPort, RecordingLoggerProvider? log)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddFilter(TlsLogCategory, LogLevel.Warning);
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }

        var settings = Settings(gatewayPort, Certificates.Settings);
        settings["Cluster:SiloPort"] = siloPort.ToString();
        settings["Cluster:PrimarySiloPort"] = primarySiloPort.ToString();
        settings["ParameterServer:Pool"] = pool;
        settings["ParameterServer:SyncInterval"] = "00:00:00.200";
        settings["Operations:DashboardPort"] = "0";
        settings["Snapshots:Store"] = "None";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo
            .UseParameterServerCluster(builder.Configuration)
            .AddParameterServerOperations(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private Dictionary<string, string?> Settings(int gatewayPort, Dictionary<string, string?> tls) => new(tls)
    {
        ["Cluster:ClusterId"] = _clusterId,
        ["Cluster:GatewayPort"] = gatewayPort.ToString(),
    };
}
