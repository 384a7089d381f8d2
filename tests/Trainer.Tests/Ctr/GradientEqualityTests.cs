using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Training;
using Xunit.Abstractions;

namespace ParameterServer.Trainer.Tests.Ctr;

[Collection(TrainerClusterCollection.Name)]
public sealed class GradientEqualityTests(TrainerClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task GradientsThroughTheParameterServerEqualThoseOfALocalEmbedding()
    {
        var data = MovieLensCtr.Build("grad.");
        var options = new CtrTrainerOptions { Name = "grad", BatchSize = 512 };
        using var remote = await CtrTrainer.Connect(data.Schema, options, fixture.Cluster.Sparse, fixture.Cluster.Dense);
        using var local = await CtrTrainer.Local(data.Schema, options, data);

        // A batch with repeated users, items and genres, so per-ID summing matters.
        var examples = Enumerable.Range(0, 512).Select(i => i * 37 % data.Count).ToArray();
        var (remoteLoss, batch, remoteDense) = await remote.Gradients(data, examples);
        var (localLoss, _, localDense) = await local.Gradients(data, examples);

        Assert.Equal(localLoss, remoteLoss, 1e-5);
        Assert.Equal(localDense.Length, remoteDense.Length);
        for (var i = 0; i < localDense.Length; i++)
        {
            Assert.True(Math.Abs(localDense[i] - remoteDense[i]) <= 1e-5, $"dense gradient {i}: local {localDense[i]}, via the parameter server {remoteDense[i]}");
        }

        var side = (LocalEmbeddingSide)local.Sparse;
        var row = options.Model.RowDimension;
        var compared = 0;
        var nonZero = 0;
        for (var t = 0; t < data.Schema.Tables.Length; t++)
        {
            var localGrad = side.Table(t).weight!.grad!.data<float>().ToArray();
            for (var u = 0; u < batch.UniqueCounts[t]; u++)
            {
                var word = side.Vocabulary[t][batch.UniqueKeys[t][u]];
                for (var j = 0; j < row; j++)
                {
                    var expected = localGrad[word * row + j];
                    var actual = batch.Gradients[t][u * row + j];
                    Assert.True(Math.Abs(expected - actual) <= 1e-5,
                        $"table {data.Schema.Tables[t]}, ID {batch.UniqueKeys[t][u]:x}, column {j}: local {expected}, via the parameter server {actual}");
                    compared++;
                    nonZero += actual != 0 ? 1 : 0;
                }
            }
        }

        Assert.True(nonZero > compared / 2, $"{nonZero} of {compared} gradient values are non-zero");
        Assert.True(batch.UniqueCounts[0] < 512, "the batch repeats users");
    }

    [Fact]
    public async Task TrainingThroughTheParameterServerFollowsTheLocalEmbeddingStepForStep()
    {
        var data = MovieLensCtr.Build("steps.");
        var options = new CtrTrainerOptions { Name = "steps", Overlap = false };
        using var remote = await CtrTrainer.Connect(data.Schema, options, fixture.Cluster.Sparse, fixture.Cluster.Dense);
        using var local = await CtrTrainer.Local(data.Schema, options, data);
        var train = Enumerable.Range(0, 200 * options.BatchSize).Select(i => i * 7 % 80_000).ToArray();

        await remote.Train(data, train);
        await local.Train(data, train);

        // The same 200 Adagrad steps on the rows (shards vs torch) and Adam steps on the dense part (grain vs local).
        var side = (LocalEmbeddingSide)local.Sparse;
        var row = options.Model.RowDimension;
        double difference = 0, magnitude = 0;
        for (var t = 0; t < data.Schema.Tables.Length; t++)
        {
            var keys = side.Vocabulary[t].Keys.Take(200).ToArray();
            var served = await fixture.Cluster.Sparse.PullForTraining(data.Schema.Tables[t], keys);
            var weights = side.Table(t).weight!.data<float>().ToArray();
            for (var k = 0; k < keys.Length; k++)
            {
                for (var j = 0; j < row; j++)
                {
                    var expected = weights[side.Vocabulary[t][keys[k]] * row + j];
                    difference += Math.Abs(expected - served[k * row + j]);
                    magnitude += Math.Abs(expected);
                }
            }
        }

        output.WriteLine($"mean |local - parameter server| / mean |value| = {difference / magnitude:0.000000}");
        Assert.True(difference / magnitude < 1e-5, $"rows drifted apart: mean difference is {difference / magnitude:P2} of the mean value");

        var test = CtrDataset.Range(80_000, 90_000);
        var remoteScores = await remote.Predict(data, test);
        var localScores = await local.Predict(data, test);
        var gap = remoteScores.Zip(localScores).Max(p => Math.Abs(p.First - p.Second));
        output.WriteLine($"largest prediction gap over 10,000 examples: {gap:0.000000}");
        Assert.True(gap <= 1e-5, $"largest prediction gap {gap}");
    }
}
