using Azure.Storage.Blobs;
using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// The pinned Azurite (tools/azurite) on free loopback ports with its data under the run's temporary folder; its
/// access log is off (--silent), as writing one line per request would be part of what is measured.
/// </summary>
internal sealed class AzuriteServer : IDisposable
{
    // Azurite's well-known development account key (public, the same in every Azurite).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private AzuriteServer(ChildProcess process, int blobPort)
    {
        _process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;";
    }

    public static string Executable => Path.Combine(RepoLayout.Root, "tools", "azurite", "node_modules", ".bin", "azurite");

    public string ConnectionString { get; }

    public TimeSpan CpuTime => _process.CpuTime;

    public static async Task<AzuriteServer> Start(string folder, TimeSpan timeout)
    {
        var ports = FreePorts.Take(3);
        var process = new ChildProcess("azurite", Executable,
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--location", folder,
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(),
        ]);
        try
        {
            var server = new AzuriteServer(process, ports[0]);
            await server.WaitUntilAnswering(timeout);
            return server;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();

    /// <summary>Retries until the blob service answers or the deadline passes; gives up at once if it has exited.</summary>
    private async Task WaitUntilAnswering(TimeSpan timeout)
    {
        // No SDK retries: this loop retries, and sees an exited Azurite at once.
        var blobs = new BlobServiceClient(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            _process.ThrowIfExited();
            try
            {
                await blobs.GetPropertiesAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
