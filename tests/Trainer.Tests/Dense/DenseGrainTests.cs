using ParameterServer.Grains.Dense;

namespace ParameterServer.Trainer.Tests.Dense;

[Collection(TrainerClusterCollection.Name)]
public sealed class DenseGrainTests(TrainerClusterFixture fixture)
{
    private static readonly DenseModelConfig Config = new() { Parameters = 37, LearningRate = 0.01f };

    private TrainerCluster Cluster => fixture.Cluster;

    private static float[] Ramp(int count, float scale) => Enumerable.Range(0, count).Select(i => (i - count / 2) * scale).ToArray();

    [Fact]
    public async Task PushesApplyAdamExactlyAsTheLocalOptimizer()
    {
        var initial = Ramp(Config.Parameters, 0.1f);
        var first = await Cluster.Dense.Initialize("adam-exact", Config, initial);
        Assert.Equal(0, first.Version);
        Assert.Equal(initial, first.Values.ToArray());

        var local = initial.ToArray();
        var adam = new DenseAdam(Config);
        for (var step = 0; step < 5; step++)
        {
            var gradients = Ramp(Config.Parameters, 0.01f * (step + 1));
            adam.Step(local, gradients);
            Assert.Equal(step + 1, await Cluster.Dense.Push("adam-exact", step, gradients));
        }

        var pulled = await Cluster.Dense.Pull("adam-exact");
        Assert.Equal(5, pulled.Version);
        Assert.Equal(local, pulled.Values.ToArray());
        Assert.NotEqual(initial, local);
    }

    [Fact]
    public async Task ARejoiningTrainerGetsTheClusterWeightsNotItsOwn()
    {
        await Cluster.Dense.Initialize("rejoin", Config, Ramp(Config.Parameters, 1f));
        var trained = await Cluster.Dense.PushAndPull("rejoin", 0, Ramp(Config.Parameters, 0.5f));

        var rejoined = await Cluster.Dense.Initialize("rejoin", Config, new float[Config.Parameters]);

        Assert.Equal(1, rejoined.Version);
        Assert.Equal(trained.Values.ToArray(), rejoined.Values.ToArray());
        var conflict = await Assert.ThrowsAsync<ModelConfigConflictException>(() =>
            Cluster.Dense.Initialize("rejoin", Config with { LearningRate = 0.5f }, new float[Config.Parameters]));
        Assert.Contains("Model 'rejoin' exists", conflict.Message);
    }

    [Fact]
    public async Task ServingTakesANewVersionOnlyWhenPublishedAndLivesInTheServingPool()
    {
        await Cluster.Dense.Initialize("lazy", Config, Ramp(Config.Parameters, 1f));
        Assert.Equal(0, await Cluster.Dense.GetServingVersion("lazy"));

        for (var step = 0; step < 3; step++)
        {
            await Cluster.Dense.Push("lazy", step, Ramp(Config.Parameters, 0.1f));
        }

        // The refresh interval is the production hour: nothing moves serving but a publish.
        Assert.Equal(0, await Cluster.Dense.GetServingVersion("lazy"));
        Assert.Equal(3, await Cluster.Dense.Publish("lazy"));
        var served = await Cluster.Dense.GetServing("lazy");
        Assert.Equal(3, served.Version);
        Assert.Equal((await Cluster.Dense.Pull("lazy")).Values.ToArray(), served.Values.ToArray());

        var training = await Cluster.Grains.GetGrain<ITrainingDenseGrain>("lazy").GetStats();
        var serving = await Cluster.Grains.GetGrain<IServingDenseGrain>("lazy").GetStats();
        Assert.Equal(Cluster.SiloAddress("Silo_0"), training.Silo);
        Assert.Equal(Cluster.SiloAddress("Silo_1"), serving.Silo);
    }

    [Fact]
    public async Task SeveralTrainersPushAtOnceAndEveryStepCounts()
    {
        await Cluster.Dense.Initialize("async", Config, new float[Config.Parameters]);
        var trainers = Enumerable.Range(0, 4).Select(async t =>
        {
            for (var step = 0; step < 10; step++)
            {
                await Cluster.Dense.Push("async", 0, Ramp(Config.Parameters, 0.01f * (t + 1)));
            }
        });
        await Task.WhenAll(trainers);

        var stats = await Cluster.Grains.GetGrain<ITrainingDenseGrain>("async").GetStats();
        Assert.Equal(40, stats.Version);
        Assert.Equal(39, stats.MaxStaleness);
    }

    [Fact]
    public async Task BadPushesChangeNothing()
    {
        var initial = Ramp(Config.Parameters, 1f);
        await Cluster.Dense.Initialize("bad", Config, initial);
        var gradients = Ramp(Config.Parameters, 1f);
        gradients[7] = float.NaN;

        var nan = await Assert.ThrowsAsync<InvalidBatchException>(() => Cluster.Dense.Push("bad", 0, gradients));
        Assert.Contains("index 7", nan.Message);
        var shortPush = await Assert.ThrowsAsync<InvalidBatchException>(() =>
            Cluster.Grains.GetGrain<ITrainingDenseGrain>("bad").Push(new DenseGradients(0, BulkBytes.From(new float[3]))));
        Assert.Contains("3 gradient values for 37 parameters", shortPush.Message);
        await Assert.ThrowsAsync<UnknownModelException>(() => Cluster.Dense.Pull("never-initialised"));

        var after = await Cluster.Dense.Pull("bad");
        Assert.Equal(0, after.Version);
        Assert.Equal(initial, after.Values.ToArray());
    }
}
