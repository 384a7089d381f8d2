using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Ctr;

[Collection(TrainerClusterCollection.Name)]
public sealed class GradientEqualityTests(TrainerClusterFixture fixture)
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
}
