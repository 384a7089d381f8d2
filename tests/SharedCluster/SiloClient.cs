using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ParameterServer.Tests;

/// <summary>An Orleans client of silo processes, connected as soon as a gateway accepts it.</summary>
internal static class SiloClient
{
    /// <summary>Retries until the client starts, a silo exits, or <paramref name="patience"/> passes; the failure
    /// carries the silos' output.</summary>
    public static async Task<IHost> Connect(TimeSpan patience, Action<IHostApplicationBuilder, IClientBuilder> configure, params SiloProcess[] silos)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(client => configure(builder, client));
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && silos.All(s => !s.HasExited))
            {
                host.Dispose();
                await Task.Delay(200);
            }
            catch (Exception e)
            {
                host.Dispose();
                throw new TimeoutException($"No client connection to the silos. Their output:\n{string.Join("\n---\n", silos.Select(s => s.Output))}", e);
            }
        }
    }
}
