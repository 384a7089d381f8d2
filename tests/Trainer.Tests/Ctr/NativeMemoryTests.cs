using ParameterServer.Trainer.Training;
using static TorchSharp.torch;

namespace ParameterServer.Trainer.Tests.Ctr;

[Collection(TrainerClusterCollection.Name)]
public sealed class NativeMemoryTests(TrainerClusterFixture fixture)
{
    [Fact]
    public async Task LiveTensorCountStaysFlatOverAThousandSteps()
    {
        var data = MovieLensCtr.Build("leak.");
        var options = new CtrTrainerOptions { Name = "leak", BatchSize = 64 };
        using var trainer = await CtrTrainer.Connect(data.Schema, options, fixture.Cluster.Sparse, fixture.Cluster.Dense);
        var order = Enumerable.Range(0, 64 * 1_000).Select(i => i * 7 % data.Count).ToArray();

        // Warm up (first-step allocations such as optimizer state), then count across 1,000 steps.
        await trainer.Train(data, order[..(64 * 20)]);
        var before = Tensor.TotalCount;
        await trainer.Train(data, order);
        var after = Tensor.TotalCount;
        await trainer.Predict(data, order[..1_000]);
        var afterPredict = Tensor.TotalCount;

        Assert.True(trainer.DenseVersion >= 1_020, $"dense version {trainer.DenseVersion} after 1,020 steps");
        Assert.Equal(before, after);
        Assert.Equal(before, afterPredict);
    }
}
