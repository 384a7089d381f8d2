using Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Cluster.Tests;

/// <summary>
/// An in-process cluster whose silos each get a pool by index: Silo_0 is the primary. Sync runs every
/// <see cref="SyncInterval"/>, TTL sweeps every <see cref="EvictionInterval"/> and joiner windows last
/// <see cref="JoinerWindow"/> so tests finish quickly. Silos and client have the realtime memory streams.
/// </summary>
public sealed class PooledCluster : IAsyncDisposable
{
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan EvictionInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Joiner window and timer, short so that negatives close within a test's deadline.</summary>
    public static readonly TimeSpan JoinerWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan JoinerFlushInterval = TimeSpan.FromMilliseconds(100);

    private PooledCluster(InProcessTestCluster cluster, string snapshotFolder)
    {
        Cluster = cluster;
        SnapshotFolder = snapshotFolder;
        Client = new ParameterServerClient(cluster.Client);
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>This cluster's own snapshot folder (LocalFolder store), deleted on dispose.</summary>
    public string SnapshotFolder { get; }

    public ParameterServerClient Client { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts silos with the given pools; silo i is named Silo_i. <paramref name="laterPools"/> are used by
    /// silos started afterwards with StartAdditionalSiloAsync.</summary>
    public static Task<PooledCluster> Start(string[] pools, params string[] laterPools) => Start(pools, laterPools, configureSnapshots: null);

    /// <summary>As <see cref="Start(string[], string[])"/>, with snapshot options on top of the test defaults
    /// (a fresh local folder; reminders as often as every second).</summary>
    public static async Task<PooledCluster> Start(string[] pools, string[] laterPools, Action<SnapshotOptions>? configureSnapshots)
    {
        var allPools = pools.Concat(laterPools).ToArray();
        var snapshotFolder = Path.Combine(Path.GetTempPath(), "ps-tests", Guid.NewGuid().ToString("N"));
        var builder = new InProcessTestClusterBuilder((short)pools.Length);
        builder.ConfigureSilo((options, silo) =>
        {
            var index = int.Parse(options.SiloName["Silo_".Length..]);
            silo.Services.AddGrainStorage(
                ParameterServerSiloBuilderExtensions.RegistryStorageName,
                (services, _) => new ProcessWideGrainStorage(
                    services.GetRequiredService<DeepCopier>(), services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddRealtimeMemoryStreams();
            silo.AddParameterServer(
                o =>
            {
                o.Pool = allPools[index];
                o.SyncInterval = SyncInterval;
                o.EvictionInterval = EvictionInterval;
                o.MaxRowsPerCall = 100_000;

                // Small sync messages, so full copies and change streams always span several batches.
                o.SyncBatchRows = 256;
            },
                s =>
                {
                    s.Folder = snapshotFolder;
                    s.BlockRows = 1_000;
                    configureSnapshots?.Invoke(s);
                },
                j =>
                {
                    j.Window = JoinerWindow;
                    j.FlushInterval = JoinerFlushInterval;
                });
        });
        builder.ConfigureClient(client => client.AddRealtimeMemoryStreams());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PooledCluster(cluster, snapshotFolder);
    }

    public string SiloNamed(string name) =>
        Cluster.Silos.Single(s => s.Name == name).SiloAddress.ToString();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(SnapshotFolder))
        {
            Directory.Delete(SnapshotFolder, recursive: true);
        }
    }
}
