using System.Diagnostics;
using ParameterServer.Trainer.Evaluation;
using ParameterServer.Trainer.Sequences;
using ParameterServer.Trainer.Data.Synthetic;
using Xunit.Abstractions;

namespace ParameterServer.Trainer.Tests.Sequences;

[Collection(TrainerClusterCollection.Name)]
public sealed class PinnerFormerTests(TrainerClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>On the synthetic log (users with a few drifting interest topics) with its 500 held-out users; on
    /// ml-100k, whose 72 eligible held-out users make Recall@10 too noisy for a test, see the loss experiment.</summary>
    [Fact]
    public async Task RecallAt10OfHeldOutUsersBeatsPopularity()
    {
        var log = SyntheticGenerator.Generate(new SyntheticOptions { Users = 1_500, Items = 3_000, Events = 150_000 });
        var data = new SequenceData(log, 0.8, windowDays: 28, maxEvaluationUsers: 500);
        var options = new PinnerFormerOptions { Name = "pf-test" };
        using var trainer = await PinnerFormerTrainer.Connect(data, options, fixture.Cluster.Sparse, fixture.Cluster.Dense);
        var popularity = RetrievalMetrics.Popularity(data);

        var clock = Stopwatch.StartNew();
        var loss = await trainer.Train(250);
        var metrics = await trainer.Evaluate();
        output.WriteLine($"{data.TrainingUsers.Length} training users, {data.EvaluationUsers.Length} held out; 250 steps in {clock.Elapsed.TotalSeconds:0.0} s, mean loss {loss:0.000}");
        output.WriteLine($"PinnerFormer: {metrics}");
        output.WriteLine($"popularity:   {popularity}");

        Assert.Equal(data.EvaluationUsers.Length, metrics.Users);
        Assert.Empty(data.EvaluationUsers.Intersect(data.TrainingUsers));
        Assert.True(metrics.RecallAt10 > popularity.RecallAt10 * 1.2, $"Recall@10 {metrics.RecallAt10:0.0000} should beat popularity's {popularity.RecallAt10:0.0000}");
        Assert.True(metrics.P90CoverageAt10 > popularity.P90CoverageAt10, "personalised top 10s cover more of the catalogue than one popular list");
    }
}
