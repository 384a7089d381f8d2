using ParameterServer.Realtime;
using ParameterServer.Trainer.Online;
using ParameterServer.Trainer.Tests.Ctr;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Online;

[Collection(TrainerClusterCollection.Name)]
public sealed class OnlineTrainerTests(TrainerClusterFixture fixture)
{
    [Fact]
    public async Task StreamedExamplesAreTrainedAndReachServingWhileMalformedOnesAreCounted()
    {
        var cluster = fixture.Cluster;
        var data = MovieLensCtr.Build("online.");
        var options = new CtrTrainerOptions { Name = "online", BatchSize = 128 };
        using var trainer = await CtrTrainer.Connect(data.Schema, options, cluster.Sparse, cluster.Dense);
        var online = new OnlineTrainer(trainer, new OnlineTrainerOptions { BatchSize = 128, MaxDelay = TimeSpan.FromMilliseconds(50) });
        var itemTable = data.Schema.Tables[1];
        var itemKey = data.Keys[1];
        var servingBefore = await cluster.Sparse.Lookup(itemTable, new[] { itemKey });

        using var stop = new CancellationTokenSource();
        var run = online.Run(stop.Token);
        var examples = Enumerable.Range(0, 1_000).Select(i => Example(data, i)).ToArray();
        var good = examples[0];
        TrainingExample[] malformed =
        [
            good with { Keys = good.Keys[1..] },
            good with { Dense = [.. good.Dense[1..], float.NaN] },
            good with { Label = 0.5f },
        ];
        await online.Offer(new ExampleBatch([.. examples[..500], .. malformed]));
        await online.Offer(new ExampleBatch(examples[500..]));

        await Eventually.Holds("the online trainer to train all 1,000 well-formed examples", TimeSpan.FromSeconds(60),
            () => online.Progress.Examples == 1_000, () => online.Progress.ToString());
        Assert.Equal(3, online.Progress.Rejected);
        Assert.Equal(examples.Count(e => e.Label > 0), online.Progress.Positives);
        var trained = await cluster.Sparse.PullForTraining(itemTable, new[] { itemKey });
        Assert.NotEqual(servingBefore, trained);
        await Eventually.Holds("serving to take the trained item row", TimeSpan.FromSeconds(10),
            async () => (await cluster.Sparse.Lookup(itemTable, new[] { itemKey })).SequenceEqual(trained));

        await stop.CancelAsync();
        await run;
    }

    private static TrainingExample Example(Features.CtrDataset data, int i)
    {
        var features = CtrEvents.Features(data, i, requestId: i + 1);
        return new TrainingExample
        {
            RequestId = features.RequestId,
            UserId = features.UserId,
            ItemId = features.ItemId,
            TimestampMs = features.TimestampMs,
            Label = data.Labels[i],
            Keys = features.Keys,
            SlotWeights = features.SlotWeights,
            Dense = features.Dense,
        };
    }
}
