using Orleans.TestingHost;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Cluster.Tests;

/// <summary>
/// An in-process cluster whose silos each get a pool by index: Silo_0 is the primary. Sync runs every
/// <see cref="SyncInterval"/> and TTL sweeps every <see cref="EvictionInterval"/> so tests finish quickly.
/// </summary>
public sealed class PooledCluster : IAsyncDisposable
{
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan EvictionInterval = TimeSpan.FromMilliseconds(200);

    private PooledCluster(InProcessTestCluster cluster)
    {
        Cluster = cluster;
        Client = new ParameterServerClient(cluster.Client);
    }

    public InProcessTestCluster Cluster { get; }

    public ParameterServerClient Client { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts silos with the given pools; silo i is named Silo_i. <paramref name="laterPools"/> are used by
    /// silos started afterwards with StartAdditionalSiloAsync.</summary>
    public static async Task<PooledCluster> Start(string[] pools, params string[] laterPools)
    {
        var allPools = pools.Concat(laterPools).ToArray();
        var builder = new InProcessTestClusterBuilder((short)pools.Length);
        builder.ConfigureSilo((options, silo) =>
        {
            var index = int.Parse(options.SiloName["Silo_".Length..]);
            silo.AddMemoryGrainStorage(ParameterServerSiloBuilderExtensions.RegistryStorageName);
            silo.AddParameterServer(o =>
            {
                o.Pool = allPools[index];
                o.SyncInterval = SyncInterval;
                o.EvictionInterval = EvictionInterval;
                o.MaxRowsPerCall = 100_000;

                // Small sync messages, so full copies and change streams always span several batches.
                o.SyncBatchRows = 256;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PooledCluster(cluster);
    }

    public string SiloNamed(string name) =>
        Cluster.Silos.Single(s => s.Name == name).SiloAddress.ToString();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
