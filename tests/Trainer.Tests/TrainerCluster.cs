using Orleans.TestingHost;
using ParameterServer.Grains.Dense;
using ParameterServer.Grains.Hosting;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Trainer.Tests;

/// <summary>
/// An in-process cluster of two silos, Silo_0 in the training pool and Silo_1 in the serving pool, with sparse sync
/// every 200 ms and the dense refresh interval given (default: the production 1 h, so serving changes only on publish).
/// </summary>
public sealed class TrainerCluster : IAsyncDisposable
{
    private TrainerCluster(InProcessTestCluster cluster)
    {
        Cluster = cluster;
        Sparse = new ParameterServerClient(cluster.Client);
        Dense = new DenseParameterClient(cluster.Client);
    }

    public InProcessTestCluster Cluster { get; }

    public ParameterServerClient Sparse { get; }

    public DenseParameterClient Dense { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<TrainerCluster> Start(TimeSpan? denseRefresh = null)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddMemoryGrainStorage(ParameterServerSiloBuilderExtensions.RegistryStorageName);
            silo.UseInMemoryReminderService();
            silo.AddRealtimeMemoryStreams();
            silo.AddParameterServer(o =>
            {
                o.Pool = options.SiloName == "Silo_0" ? SiloPool.Training : SiloPool.Serving;
                o.SyncInterval = TimeSpan.FromMilliseconds(200);
            },
                s => s.Store = SnapshotStoreKind.None);
            silo.AddDenseParameters(o => o.RefreshInterval = denseRefresh ?? DenseParameterOptions.DEFAULT_REFRESH_INTERVAL);
        });
        builder.ConfigureClient(client => client.AddRealtimeMemoryStreams());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TrainerCluster(cluster);
    }

    public string SiloAddress(string name) => Cluster.Silos.Single(s => s.Name == name).SiloAddress.ToString();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
