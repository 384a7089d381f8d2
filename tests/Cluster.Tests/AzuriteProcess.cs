using System.Diagnostics;
using Azure.Storage.Blobs;

namespace ParameterServer.Cluster.Tests;

/// <summary>
/// A real Azurite (the pinned npm package under tools/azurite) on free loopback ports with its own data folder, so
/// a test can stop it and start it again over the same data.
/// </summary>
internal sealed class AzuriteProcess : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _folder;
    private readonly int _blobPort = FreePorts.One();
    private readonly int _queuePort = FreePorts.One();
    private readonly int _tablePort = FreePorts.One();
    private Process? _process;

    private AzuriteProcess(string folder) => _folder = folder;

    /// <summary>A connection string for all three services of this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> Start()
    {
        var azurite = new AzuriteProcess(Path.Combine(Path.GetTempPath(), "ps-tests", "azurite-" + Guid.NewGuid().ToString("N")));
        await azurite.Restart();
        return azurite;
    }

    /// <summary>Starts Azurite over the same data folder and waits until the blob service answers.</summary>
    public async Task Restart()
    {
        Stop();
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--location", _folder,
            "--blobHost", "127.0.0.1", "--blobPort", _blobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", _queuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", _tablePort.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var blobs = new BlobServiceClient(ConnectionString);
        await Eventually.Holds($"Azurite to answer on blob port {_blobPort}", TimeSpan.FromSeconds(30), async () =>
        {
            try
            {
                await blobs.GetPropertiesAsync();
                return true;
            }
            catch (Exception) when (!_process.HasExited)
            {
                return false;
            }
        });
    }

    /// <summary>Kills Azurite at once, as a storage outage would look to the silos.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Executable()
    {
        var path = Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Azurite is not installed at {path}; run `npm ci --prefix tools/azurite`.");
    }
}
