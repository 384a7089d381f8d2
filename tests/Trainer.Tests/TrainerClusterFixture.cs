namespace ParameterServer.Trainer.Tests;

/// <summary>One <see cref="TrainerCluster"/> shared by the tests of <see cref="TrainerClusterCollection"/>; each test
/// uses its own table and model names.</summary>
public sealed class TrainerClusterFixture : IAsyncLifetime
{
    private TrainerCluster? _cluster;

    public TrainerCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => _cluster = await TrainerCluster.Start();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
