using ParameterServer.Trainer.Training;
using Xunit.Abstractions;

namespace ParameterServer.Trainer.Tests.Ctr;

[Collection(TrainerClusterCollection.Name)]
public sealed class MovieLensTrainingTests(TrainerClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AFewHundredStepsLiftAucAboveChanceAndPopularity()
    {
        var data = MovieLensCtr.Build("ml-auc.");
        var split = MovieLensCtr.InteractionLog.SplitIndex(0.8);
        var options = new CtrTrainerOptions { Name = "ml-auc", BatchSize = 256 };
        using var trainer = await CtrTrainer.Connect(data.Schema, options, fixture.Cluster.Sparse, fixture.Cluster.Dense);

        var random = new Random(3);
        var train = Enumerable.Range(0, split).ToArray();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            // Shuffled within the training window only; the test window is strictly later.
            random.Shuffle(train);
            await trainer.Train(data, train);
        }

        var metrics = await trainer.Evaluate(data, split, split, data.Count);
        output.WriteLine($"ml-100k, {2 * split / options.BatchSize} steps: {metrics}");
        Assert.True(metrics.Auc > 0.65, $"AUC {metrics.Auc:0.0000} should be clearly above 0.5");
        Assert.True(metrics.Auc > metrics.PopularityAuc + 0.01, $"AUC {metrics.Auc:0.0000} should beat popularity {metrics.PopularityAuc:0.0000}");
        Assert.True(metrics.LogLoss < metrics.BaseRateLogLoss, $"log loss {metrics.LogLoss:0.0000} should beat the base rate's {metrics.BaseRateLogLoss:0.0000}");
    }
}
