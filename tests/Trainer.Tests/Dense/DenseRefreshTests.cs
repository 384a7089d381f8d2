namespace ParameterServer.Trainer.Tests.Dense;

public sealed class DenseRefreshTests
{
    [Fact]
    public async Task ServingTakesTheLatestVersionEveryRefreshInterval()
    {
        await using var cluster = await TrainerCluster.Start(denseRefresh: TimeSpan.FromMilliseconds(100));
        var config = new DenseModelConfig { Parameters = 8 };
        await cluster.Dense.Initialize("refresh", config, new float[8]);
        Assert.Equal(0, await cluster.Dense.GetServingVersion("refresh"));

        await cluster.Dense.Push("refresh", 0, [1, 1, 1, 1, 1, 1, 1, 1]);
        await cluster.Dense.Push("refresh", 1, [1, 1, 1, 1, 1, 1, 1, 1]);

        await Eventually.Holds("serving to take version 2 without a publish", TimeSpan.FromSeconds(10),
            async () => await cluster.Dense.GetServingVersion("refresh") == 2);
    }
}
