using System.Diagnostics;
using System.Text;

namespace ParameterServer.Tests;

/// <summary>The silo executable (src/Silo) started as a separate process on loopback ports; killed on dispose.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the silo printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo; <paramref name="settings"/> ("--Section:Key=value") come last and so win.</summary>
    public static SiloProcess Start(string clusterId, string pool, int primarySiloPort = 0, params string[] settings) =>
        Start(clusterId, pool, FreePorts.One(), FreePorts.One(), primarySiloPort, settings);

    /// <summary>Starts a silo on given ports (e.g. the ports of one that was killed, to restart it).</summary>
    public static SiloProcess Start(string clusterId, string pool, int siloPort, int gatewayPort, int primarySiloPort, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            RepositoryPaths.SiloAssembly,
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:SiloPort={siloPort}",
            $"--Cluster:GatewayPort={gatewayPort}",
            $"--Cluster:PrimarySiloPort={primarySiloPort}",
            $"--ParameterServer:Pool={pool}",
            $"--Operations:DashboardPort={FreePorts.One()}",
            $"--Operations:MetricsPort={FreePorts.One()}",
            "--ParameterServer:SyncInterval=00:00:00.200",
            "--Snapshots:Store=None",
            .. settings,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new SiloProcess(Process.Start(start)!, siloPort, gatewayPort);
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
