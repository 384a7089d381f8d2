using System.Numerics.Tensors;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Users;
using ParameterServer.Realtime;

namespace ParameterServer.Cluster.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class RecommendationTests(TrainingServingClusterFixture fixture)
{
    private static readonly long Offset = new RecommendationOptions().ItemKeyOffset;
    private const int D = 8;
    private static readonly long[] Items = Enumerable.Range(1, 3_000).Select(i => (long)i).ToArray();

    private PooledCluster Pooled => fixture.Pooled;

    [Fact]
    public async Task RecommendationsEqualABruteForceScanOfTheFusedQuery()
    {
        var rows = await ItemTable();
        const long user = 7001;
        long[] watched = [5, 17, 5, 2_999, 40];
        await Pooled.Grains.GetGrain<IUserGrain>(user).AddActions(watched
            .Select((item, i) => Action(user, item, 1_000 + i)).ToArray());

        var recommendation = await Pooled.Client.Recommend(user, 25, excludeSeen: true);

        // The sequence's distinct items at their latest action, oldest first: 17, 5, 2999, 40.
        long[] sequence = [17, 5, 2_999, 40];
        var sequenceRows = sequence.SelectMany(item => Row(rows, item).ToArray()).ToArray();
        var query = new float[D + 1];
        UserQueryFusion.Fuse(UserQueryFusion.DefaultWeights(D, 64), [], 64, sequenceRows, D + 1, query.AsSpan(0, D));
        query[D] = 1;
        var expected = Items.Where(item => !sequence.Contains(item))
            .Select(item => new ScoredId(item, TensorPrimitives.Dot<float>(Row(rows, item), query)))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(25).ToArray();

        Assert.Equal(RecommendationSource.Personalized, recommendation.Source);
        Assert.Equal(5, recommendation.RealtimeActions);
        Assert.False(recommendation.UsedLongTerm);
        Assert.Equal(expected, recommendation.Items);
    }

    [Fact]
    public async Task ALongTermEmbeddingAloneGivesPersonalizedItemsAndNewActionsChangeThem()
    {
        await ItemTable();
        const long user = 7002;
        var grain = Pooled.Grains.GetGrain<IUserGrain>(user);
        await grain.SetLongTerm(new LongTermEmbedding(RandomRows.Gradients(1, 64, seed: 11), ComputedAtMs: 10));

        var before = await Pooled.Client.Recommend(user, 10);
        Assert.Equal(RecommendationSource.Personalized, before.Source);
        Assert.True(before.UsedLongTerm);

        await grain.AddActions([Action(user, before.Items[0].Id, 2_000)]);
        var after = await Pooled.Client.Recommend(user, 10, excludeSeen: true);
        Assert.DoesNotContain(after.Items, s => s.Id == before.Items[0].Id);
        Assert.NotEqual(before.Items.Select(s => s.Id), after.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task AColdUserGetsThePopularItemsAndIsToldSo()
    {
        await ItemTable();
        var popularity = Pooled.Grains.GetGrain<IPopularityGrain>(0);
        // Later than anything other tests record, so their counts have decayed to nothing beside these.
        var future = DateTimeOffset.UtcNow.AddYears(50).ToUnixTimeMilliseconds();
        await popularity.Record([900_001, 900_002, 900_002, 900_003, 900_002, 900_003], future);

        var recommendation = await Pooled.Client.Recommend(userId: 424242, k: 2);

        Assert.Equal(RecommendationSource.Popularity, recommendation.Source);
        Assert.Equal([900_002L, 900_003L], recommendation.Items.Select(s => s.Id));
        Assert.Equal([3f, 2f], recommendation.Items.Select(s => s.Score));
    }

    [Fact]
    public async Task TheSequenceIsOrderedByTimeDeduplicatedAndBounded()
    {
        const long user = 7003;
        var grain = Pooled.Grains.GetGrain<IUserGrain>(user);
        var actions = Enumerable.Range(0, 70).Select(i => Action(user, i, 10_000 - i)).ToArray();
        await grain.AddActions(actions);
        await grain.AddActions(actions[..5]);

        var profile = await grain.GetProfile();

        Assert.Equal(64, profile.Recent.Length);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => 10_000L - 63 + i), profile.Recent.Select(a => a.TimestampMs));
        Assert.Equal(10_000, profile.LastActionMs);
    }

    [Fact]
    public async Task BadRequestsAreRefusedAndChangeNothing()
    {
        await ItemTable();
        const long user = 7004;
        var grain = Pooled.Grains.GetGrain<IUserGrain>(user);
        var embedding = new LongTermEmbedding(new float[64], ComputedAtMs: 5);
        await grain.SetLongTerm(embedding);

        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.Recommend(user, 0));
        await Assert.ThrowsAsync<InvalidBatchException>(() => Pooled.Client.Recommend(user, ParameterServerClient.MaxTopK + 1));
        await Assert.ThrowsAsync<InvalidBatchException>(() => grain.Recommend(-3, true));
        await Assert.ThrowsAsync<InvalidBatchException>(() => grain.SetLongTerm(new LongTermEmbedding(new float[63], 9)));
        await Assert.ThrowsAsync<InvalidBatchException>(() => grain.SetLongTerm(new LongTermEmbedding([.. new float[63], float.NaN], 9)));
        await Assert.ThrowsAsync<InvalidBatchException>(() => grain.AddActions([Action(user + 1, 5, 1)]));

        var profile = await grain.GetProfile();
        Assert.Equal(embedding.Vector, profile.LongTerm!.Vector);
        Assert.Empty(profile.Recent);
    }

    private static UserAction Action(long user, long item, long timestampMs) =>
        new() { RequestId = 0, UserId = user, ItemId = item, Kind = ActionKind.Click, TimestampMs = timestampMs };

    private static ReadOnlySpan<float> Row(float[] rows, long item) => rows.AsSpan((int)(item - 1) * (D + 1), D + 1);

    /// <summary>The "items" table (DeepFM layout: D floats and a bias) with random trained rows, in serving.</summary>
    private async Task<float[]> ItemTable()
    {
        var config = await Pooled.Client.CreateTable(new TableConfig
        {
            Name = "items",
            Shards = 4,
            Embedding = new EmbeddingTableSettings { Dimension = D + 1, Optimizer = SparseOptimizerSettings.Sgd(1f) },
        });
        var keys = Items.Select(item => Offset + item).ToArray();
        var rows = await Pooled.Client.PullForTraining(config.Name, keys);
        if (rows.All(v => v == 0))
        {
            await Pooled.Client.PushGradients(config.Name, keys, RandomRows.Gradients(keys.Length, config.Dimension, seed: 21));
            rows = await Pooled.Client.PullForTraining(config.Name, keys);
        }

        await Eventually.Holds("serving to hold the item rows", TimeSpan.FromSeconds(10),
            async () => (await Pooled.Client.Lookup(config.Name, keys)).AsSpan().SequenceEqual(rows));
        return rows;
    }
}
