using ParameterServer.Grains.Hosting;

namespace ParameterServer.Cluster.Tests;

/// <summary>Two silos shared by the tests of a class: Silo_0 in the training pool, Silo_1 in the serving pool.</summary>
public sealed class TrainingServingClusterFixture : IAsyncLifetime
{
    public PooledCluster Pooled { get; private set; } = null!;

    public async Task InitializeAsync() => Pooled = await PooledCluster.Start([SiloPool.Training, SiloPool.Serving]);

    public async Task DisposeAsync() => await Pooled.DisposeAsync();
}
