using System.Numerics.Tensors;
using ParameterServer.Grains.Users;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Features;
using ParameterServer.Trainer.Online;
using ParameterServer.Trainer.Tests.Ctr;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Online;

/// <summary>The whole loop in a test cluster: events → joiner → examples stream → online trainer → training shards →
/// eager sync → serving shards → the user's recommendation.</summary>
[Collection(TrainerClusterCollection.Name)]
public sealed class RealtimeLoopTests(TrainerClusterFixture fixture)
{
    private static readonly long ItemKeyOffset = new RecommendationOptions().ItemKeyOffset;

    [Fact]
    public async Task AClickIsTrainedReachesServingAndChangesTheUsersRecommendation()
    {
        var cluster = fixture.Cluster;
        // Table prefix "" gives the tables the user grains recommend from by default ("items").
        var data = MovieLensCtr.Build("");
        var options = new CtrTrainerOptions { Name = "realtime-loop", BatchSize = 256 };

        // A catalogue in serving: the first examples trained in batch, then synced.
        using (var batch = await CtrTrainer.Connect(data.Schema, options, cluster.Sparse, cluster.Dense))
        {
            await batch.Train(data, CtrDataset.Range(0, 5_000));
        }

        var catalogue = Enumerable.Range(0, 5_000).Select(i => data.Items[i]).Distinct().Order().ToArray();
        var catalogueKeys = catalogue.Select(item => ItemKeyOffset + item).ToArray();
        var trainedCatalogue = await cluster.Sparse.PullForTraining("items", catalogueKeys);
        await Eventually.Holds("serving to hold the batch-trained catalogue", TimeSpan.FromSeconds(30),
            async () => (await cluster.Sparse.Lookup("items", catalogueKeys)).AsSpan().SequenceEqual(trainedCatalogue));

        await using var session = await OnlineSession.Start(
            cluster.Cluster.Client, data.Schema, _ => CtrTrainer.Connect(data.Schema, options, cluster.Sparse, cluster.Dense),
            new OnlineTrainerOptions { BatchSize = 64, MaxDelay = TimeSpan.FromMilliseconds(50) });
        var online = session.Trainer;
        var publisher = new RealtimePublisher(cluster.Cluster.Client);

        // The user has watched three catalogue items (actions not tied to an impression: they only build the sequence).
        const long user = 1_000_001;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await publisher.PublishActions(catalogue.Take(3).Select((item, i) => new UserAction
        {
            RequestId = 0, UserId = user, ItemId = item, Kind = ActionKind.Like, TimestampMs = now - 1_000 + i,
        }).ToArray());
        var userGrain = cluster.Grains.GetGrain<IUserGrain>(user);
        await Eventually.Holds("the user grain to receive the three actions", TimeSpan.FromSeconds(10),
            async () => (await userGrain.GetProfile()).Recent.Length == 3);
        var before = await cluster.Sparse.Recommend(user, 10, excludeSeen: true);
        Assert.Equal(RecommendationSource.Personalized, before.Source);

        // An impression of a catalogue item shown to the user, and the user's click on it.
        var clicked = catalogue[^1];
        var example = Enumerable.Range(0, data.Count).First(i => data.Items[i] == clicked);
        var clickedKey = ItemKeyOffset + clicked;
        Assert.Equal(data.Schema.Key(data.Schema.ItemField, clicked), clickedKey);
        var servingBefore = await cluster.Sparse.Lookup("items", new[] { clickedKey });
        var features = CtrEvents.Features(data, example, requestId: 77_000_001) with { UserId = user, TimestampMs = now };
        await publisher.PublishFeatures([features]);
        await publisher.PublishActions([new UserAction { RequestId = features.RequestId, UserId = user, ItemId = clicked, Kind = ActionKind.Click, TimestampMs = now }]);

        await Eventually.Holds("the online trainer to train the joined click", TimeSpan.FromSeconds(30),
            () => online.Progress.Positives >= 1, () => online.Progress.ToString());
        await Eventually.Holds("the clicked item's serving row to change", TimeSpan.FromSeconds(30),
            async () => !(await cluster.Sparse.Lookup("items", new[] { clickedKey })).SequenceEqual(servingBefore),
            () => Task.FromResult(online.Progress.ToString()));
        await Eventually.Holds("the click to reach the user's sequence", TimeSpan.FromSeconds(10),
            async () => (await userGrain.GetProfile()).Recent.Any(a => a.ItemId == clicked));

        // Wait until the serving copy is quiet (the online step's rows all synced), then recommend.
        var servingNow = await cluster.Sparse.PullForTraining("items", catalogueKeys);
        await Eventually.Holds("serving to hold the online-trained catalogue", TimeSpan.FromSeconds(30),
            async () => (await cluster.Sparse.Lookup("items", catalogueKeys)).AsSpan().SequenceEqual(servingNow));
        var after = await cluster.Sparse.Recommend(user, 10, excludeSeen: true);

        Assert.Equal(RecommendationSource.Personalized, after.Source);
        Assert.Equal(4, after.RealtimeActions);
        Assert.DoesNotContain(after.Items, s => s.Id == clicked);
        Assert.NotEqual(before.Items, after.Items);
        Assert.Equal(BruteForce(catalogue, servingNow, [.. catalogue.Take(3), clicked], 10), after.Items);
    }

    /// <summary>What the user grain should return: the default fusion of the sequence's serving rows, scored against
    /// every catalogue row.</summary>
    private static ScoredId[] BruteForce(long[] catalogue, float[] rows, long[] sequence, int k)
    {
        var stride = rows.Length / catalogue.Length;
        var d = stride - 1;
        var sequenceRows = sequence.SelectMany(item => rows.AsSpan(Array.IndexOf(catalogue, item) * stride, stride).ToArray()).ToArray();
        var query = new float[stride];
        UserQueryFusion.Fuse(UserQueryFusion.DefaultWeights(d, 64), [], 64, sequenceRows, stride, query.AsSpan(0, d));
        query[d] = 1;
        return catalogue.Select((item, i) => (item, i))
            .Where(c => !sequence.Contains(c.item))
            .Select(c => new ScoredId(c.item, TensorPrimitives.Dot<float>(rows.AsSpan(c.i * stride, stride), query)))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(k).ToArray();
    }
}
