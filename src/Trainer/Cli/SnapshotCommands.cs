using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ParameterServer.Trainer.Hosting;

namespace ParameterServer.Trainer.Cli;

/// <summary>
/// <c>snapshot</c>, <c>snapshots</c> and <c>restore --snapshot ID</c>: a client of the running cluster (the
/// <c>Cluster</c> settings, as for the silos) that takes a snapshot now, lists the complete ones, or rolls every
/// table of a snapshot back to it.
/// </summary>
internal static class SnapshotCommands
{
    public const string Usage =
        "usage: dotnet run --project src/Trainer -- snapshot [--incremental] | snapshots | restore --snapshot ID   [--Cluster:Key=value ...]";

    public static async Task<int> Run(string command, string[] args)
    {
        var cli = new CommandLine(args);
        var incremental = command == "snapshot" && cli.Switch("incremental");
        var snapshotId = command == "restore"
            ? cli.String("snapshot") ?? throw new ArgumentException("restore needs --snapshot ID; `snapshots` lists the ids.")
            : null;
        cli.RejectUnknown();

        // A one-shot command: its metrics port is any free one, so it runs beside a trainer that holds the default.
        await using var host = await TrainerHost.Start(["--Trainer:Join=true", $"--Operations:MetricsPort={FreeLoopbackPort()}", .. cli.Settings]);
        var client = host.Sparse;
        try
        {
            switch (command)
            {
                case "snapshot":
                    Print(await client.SnapshotNow(incremental ? SnapshotKind.Incremental : SnapshotKind.Full));
                    break;
                case "snapshots":
                    foreach (var snapshot in await client.ListSnapshots())
                    {
                        Print(snapshot);
                    }

                    break;
                default:
                    var shards = await client.RestoreSnapshot(snapshotId!);
                    Console.WriteLine($"Rolled back to {snapshotId}: {shards} training shards restored; serving follows by a full copy.");
                    break;
            }
        }
        catch (ParameterServerException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Print(SnapshotInfo s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{s.Id}  {s.Kind,-11}  {s.CreatedAt:yyyy-MM-dd HH:mm:ss}Z  {s.Parts,5} parts  {s.Rows,12:N0} rows  {s.Bytes / 1048576.0,10:N1} MiB  {s.Duration.TotalSeconds,7:N1} s{(s.BaseId is null ? "" : "  on " + s.BaseId)}"));
}
