using ParameterServer.Realtime;
using ParameterServer.Trainer.Data.Synthetic;
using ParameterServer.Trainer.Inference;
using ParameterServer.Trainer.Sequences;
using ParameterServer.Trainer.Training;

namespace ParameterServer.Trainer.Tests.Sequences;

[Collection(TrainerClusterCollection.Name)]
public sealed class BatchInferenceTests(TrainerClusterFixture fixture)
{
    private const long GrainKeyOffset = 9_000_000;

    [Fact]
    public async Task ActiveUsersGetTheModelsEmbeddingAndInactiveUsersKeepTheirs()
    {
        var cluster = fixture.Cluster;
        var log = SyntheticGenerator.Generate(new SyntheticOptions { Users = 300, Items = 800, Events = 40_000 });
        var data = new SequenceData(log, 0.8, windowDays: 28, maxEvaluationUsers: 0);
        var options = new PinnerFormerOptions { Name = "infer-test" };
        using var trainer = await PinnerFormerTrainer.Connect(data, options, cluster.Sparse, cluster.Dense);
        await trainer.Train(20);
        await cluster.Dense.Publish(options.DenseModelName);
        await ServingHasTheTrainedRows(options, data.Catalogue, log.ItemCategories.Values.SelectMany(c => c).Distinct().ToArray());

        // Six users whose grains hold their first actions (one kept back for the second run), at most M in all.
        var users = Enumerable.Range(0, data.Users.Length).Where(u => data.Events[u].Length >= 4).Take(6).ToArray();
        var ends = users.Select(u => Math.Min(data.Events[u].Length, options.MaxSequence) - 2).ToArray();
        var active = cluster.Grains.GetGrain<IActiveUsersGrain>(0);

        // Other tests' users act at wall-clock times in the same (cluster-wide) active-user grain: a last run far in
        // the future leaves them out, so only this test's users count as active.
        await active.MarkInference(DateTimeOffset.UtcNow.AddYears(20).ToUnixTimeMilliseconds());
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(await active.LastInference()).AddDays(1));
        for (var i = 0; i < users.Length; i++)
        {
            await Grain(data, users[i]).AddActions(Enumerable.Range(0, ends[i] + 1).Select(p => Action(data, users[i], p)).ToArray());
        }

        await active.Touch(users.Select(u => Key(data, u)).ToArray(), clock.Now.AddMinutes(-5).ToUnixTimeMilliseconds());
        var serving = new ServingPoolEmbeddings(cluster.Sparse);
        var expected = await trainer.EmbedAt(users.Select((u, i) => (u, ends[i])).ToList(), serving);

        using var encoder = await PinnerFormerEncoder.FromServing(cluster.Dense, cluster.Sparse, options, log.ActionTypes, log.ItemCategories);
        var job = new BatchInference(cluster.Grains, encoder, clock, concurrency: 3, batchUsers: 4);
        var first = await job.Run(everyone: false);

        Assert.Equal(users.Length, first.Embedded);
        Assert.Equal(users.Select(u => Key(data, u)).Order(), first.ActiveUsers);
        Assert.Equal(first.StartedMs, await active.LastInference());
        var firstVectors = new float[users.Length][];
        for (var i = 0; i < users.Length; i++)
        {
            var longTerm = (await Grain(data, users[i]).GetProfile()).LongTerm;
            Assert.NotNull(longTerm);
            Assert.Equal(first.StartedMs, longTerm.ComputedAtMs);
            AssertClose(expected.AsSpan(i * options.OutputDimension, options.OutputDimension).ToArray(), longTerm.Vector, $"user {Key(data, users[i])} after the first run");
            firstVectors[i] = longTerm.Vector;
        }

        // A day later only user 0 acted again: only user 0 is recomputed, from its longer sequence.
        clock.Advance(TimeSpan.FromDays(1));
        await Grain(data, users[0]).AddActions([Action(data, users[0], ends[0] + 1)]);
        await active.Touch([Key(data, users[0])], clock.Now.AddMinutes(-5).ToUnixTimeMilliseconds());
        var second = await job.Run(everyone: false);

        Assert.Equal(first.StartedMs, second.SinceMs);
        Assert.Equal([Key(data, users[0])], second.ActiveUsers);
        Assert.Equal(1, second.Embedded);
        var recomputed = (await Grain(data, users[0]).GetProfile()).LongTerm!;
        Assert.Equal(second.StartedMs, recomputed.ComputedAtMs);
        AssertClose(await trainer.EmbedAt([(users[0], ends[0] + 1)], serving), recomputed.Vector, $"user {Key(data, users[0])} after the second run");
        Assert.NotEqual(firstVectors[0], recomputed.Vector);
        for (var i = 1; i < users.Length; i++)
        {
            var kept = (await Grain(data, users[i]).GetProfile()).LongTerm!;
            Assert.True(kept.ComputedAtMs == first.StartedMs, $"user {Key(data, users[i])} was inactive since the first run but its embedding is stamped {kept.ComputedAtMs}, not {first.StartedMs}");
            Assert.Equal(firstVectors[i], kept.Vector);
        }
    }

    private static long Key(SequenceData data, int u) => GrainKeyOffset + data.Users[u];

    private IUserGrain Grain(SequenceData data, int u) => fixture.Cluster.Grains.GetGrain<IUserGrain>(Key(data, u));

    /// <summary>Event <paramref name="p"/> of user <paramref name="u"/> as the realtime action the joiner would forward.</summary>
    private static UserAction Action(SequenceData data, int u, int p)
    {
        var e = data.Events[u][p];
        return new UserAction
        {
            RequestId = e + 1,
            UserId = Key(data, u),
            ItemId = data.Log.Items[e],
            Kind = (SyntheticAction)data.Log.Actions[e] switch
            {
                SyntheticAction.Click => ActionKind.Click,
                SyntheticAction.Like => ActionKind.Like,
                _ => ActionKind.Purchase,
            },
            TimestampMs = data.Log.Timestamps[e] * 1000,
        };
    }

    private async Task ServingHasTheTrainedRows(PinnerFormerOptions options, long[] items, long[] categories)
    {
        var sparse = fixture.Cluster.Sparse;
        async Task<bool> Synced(string table, long[] ids)
        {
            var served = await sparse.Lookup(table, ids);
            var trained = await sparse.PullForTraining(table, ids);
            return served.SequenceEqual(trained);
        }

        await Eventually.Holds("the serving pool to hold the trained item and category rows", TimeSpan.FromSeconds(30),
            async () => await Synced(options.ItemTable, items) && await Synced(options.CategoryTable, categories));
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"{what}: component {i} is {actual[i]}, the model computes {expected[i]}");
        }
    }
}
