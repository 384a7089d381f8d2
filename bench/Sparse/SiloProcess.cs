using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Sparse;

/// <summary>The silo executable in its own process on free loopback ports, and an Orleans client connected to it.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const string ClusterId = "bench";
    private const string ServiceId = "bench";
    private readonly ChildProcess _process;
    private readonly IHost _client;

    private SiloProcess(ChildProcess process, IHost client)
    {
        _process = process;
        _client = client;
    }

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    public int ProcessId => _process.Id;

    public TimeSpan CpuTime => _process.CpuTime;

    /// <summary>Starts the silo and returns once a client has connected through its gateway.</summary>
    /// <param name="gen0Size">DOTNET_GCgen0size for the silo, or null for the runtime's default.</param>
    /// <param name="configureClient">more client setup, e.g. the realtime stream provider</param>
    public static async Task<SiloProcess> Start(string? gen0Size, TimeSpan timeout, Action<IClientBuilder>? configureClient = null)
    {
        var ports = FreePorts.Take(2);
        var environment = new Dictionary<string, string>();
        if (gen0Size is not null)
        {
            environment["DOTNET_GCgen0size"] = gen0Size;
        }

        var process = new ChildProcess(
            "silo",
            "dotnet",
            [
                RepoLayout.SiloDll,
                $"--Cluster:SiloPort={ports[0]}",
                $"--Cluster:GatewayPort={ports[1]}",
                $"--Cluster:ClusterId={ClusterId}",
                $"--Cluster:ServiceId={ServiceId}",
                // Quiet console: logging every line would cost the silo CPU that the figures should not include.
                "--Logging:LogLevel:Default=Warning",
            ],
            environment);
        try
        {
            return new SiloProcess(process, await Connect(process, ports[1], timeout, configureClient));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(stopping.Token);
        }
        finally
        {
            _client.Dispose();
            _process.Dispose();
        }
    }

    /// <summary>Retries the gateway until the deadline; gives up at once if the silo has exited.</summary>
    private static async Task<IHost> Connect(ChildProcess silo, int gatewayPort, TimeSpan timeout, Action<IClientBuilder>? configureClient)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(gatewayPort, ServiceId, ClusterId)
                .UseConnectionRetryFilter(async (_, cancellation) =>
                {
                    if (silo.HasExited || Stopwatch.GetTimestamp() > deadline)
                    {
                        return false;
                    }

                    await Task.Delay(100, cancellation);
                    return true;
                });
                configureClient?.Invoke(client);
            })
            .Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch (Exception e)
        {
            host.Dispose();
            silo.ThrowIfExited();
            throw new TimeoutException($"No client connection to the silo's gateway on port {gatewayPort} within {timeout.TotalSeconds} s. Its last output:{Environment.NewLine}{silo.Tail()}", e);
        }
    }
}
