using Microsoft.Extensions.Options;
using ParameterServer.Grains.Joining;
using ParameterServer.Realtime;

namespace ParameterServer.Cluster.Tests.Joining;

/// <summary>The joiner core without a cluster: each test drives event time explicitly and checks the exact examples
/// emitted, written as "request:label" with an "L" for late positives.</summary>
public sealed class OnlineJoinerTests
{
    private const long T = 1_700_000_000_000;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly long WindowMs = (long)Window.TotalMilliseconds;

    [Fact]
    public void ActionAfterImpression_EmitsThePositiveAtOnce_AndTheOtherImpressionCloses_AsANegative()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        var first = Impression(1, T);
        joiner.AddImpressions([first, Impression(2, T)], output);
        Assert.Empty(output);

        joiner.AddActions([Action(1, T + 100)], output);
        Assert.Equal("1:1", Describe(output));
        Assert.Same(first.Keys, output[0].Keys);
        Assert.Same(first.SlotWeights, output[0].SlotWeights);
        Assert.Same(first.Dense, output[0].Dense);

        // A newer impression does not close them (actions on them could still come); an action past the window
        // closes both, and only the one without a positive becomes an example.
        output.Clear();
        joiner.AddImpressions([Impression(3, T + WindowMs + 1)], output);
        Assert.Empty(output);
        joiner.AddActions([Action(0, T + WindowMs + 1, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("2:0", Describe(output));
        var stats = joiner.Stats;
        Assert.Equal((1, 0, 1, 1), (stats.Positives, stats.LatePositives, stats.Negatives, stats.Pending));
    }

    [Fact]
    public void ActionBeforeImpression_Waits_AndJoinsWhenTheImpressionArrives()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddActions([Action(5, T + 300)], output);
        Assert.Empty(output);
        Assert.Equal(1, joiner.Waiting);

        joiner.AddImpressions([Impression(5, T)], output);
        Assert.Equal("5:1", Describe(output));
        Assert.Equal(0, joiner.Waiting);

        // The joined impression closes without a second example.
        joiner.AddActions([Action(0, T + 2 * WindowMs, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("5:1", Describe(output));
        Assert.Equal((0L, 0), (joiner.Stats.Unmatched, joiner.Stats.Pending));
    }

    [Fact]
    public void PositiveAfterTheWindow_OfARecentRequest_EmitsOneLatePositive_EvenWhenItsNegativeWasDropped()
    {
        // r = 0.5: pick one request whose negative is kept and one whose negative is dropped.
        const double rate = 0.5;
        var kept = Enumerable.Range(1, 100).First(id => NegativeSampling.Keeps(id, rate));
        var dropped = Enumerable.Range(1, 100).First(id => !NegativeSampling.Keeps(id, rate));
        var joiner = Joiner(o => o.NegativeSamplingRate = rate);
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(kept, T), Impression(dropped, T)], output);
        joiner.AddActions([Action(1000, T + WindowMs + 1, ActionKind.Like, requestId: 0)], output);
        Assert.Equal($"{kept}:0", Describe(output));

        joiner.AddActions([Action(kept, T + WindowMs + 5), Action(dropped, T + WindowMs + 6, ActionKind.Purchase)], output);
        Assert.Equal($"{kept}:0, {kept}:1L, {dropped}:1L", Describe(output));

        // A second positive of either request changes nothing.
        joiner.AddActions([Action(kept, T + WindowMs + 7), Action(dropped, T + WindowMs + 8)], output);
        Assert.Equal(3, output.Count);
        var stats = joiner.Stats;
        Assert.Equal((2L, 2L, 1L, 1L, 2L), (stats.Positives, stats.LatePositives, stats.Negatives, stats.NegativesDropped, stats.Duplicates));
    }

    [Fact]
    public void DuplicateImpressionsAndActions_AreCounted_AndEmitNothing_WhileOpenOrRemembered()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T), Impression(1, T)], output);
        joiner.AddActions([Action(1, T + 1), Action(1, T + 2), Action(1, T + 3, ActionKind.Rating, value: 5)], output);
        Assert.Equal("1:1", Describe(output));
        Assert.Equal(3, joiner.Stats.Duplicates);

        // Closed (positive) and remembered: a replayed impression and a replayed click are duplicates too.
        joiner.AddImpressions([Impression(2, T + WindowMs + 10)], output);
        joiner.AddActions([Action(0, T + WindowMs + 10, ActionKind.Like, requestId: 0)], output);
        joiner.AddImpressions([Impression(1, T)], output);
        joiner.AddActions([Action(1, T + WindowMs + 11)], output);
        Assert.Equal("1:1", Describe(output));
        var stats = joiner.Stats;
        Assert.Equal((5L, 4L, 1L), (stats.Duplicates, stats.Impressions, stats.Positives));
    }

    [Fact]
    public void OutOfOrderImpressions_CloseInTimestampOrder_AndAnOldActionStillJoinsAnOpenImpression()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T + 500), Impression(2, T), Impression(3, T + 300)], output);

        // Older than the features watermark, but its impression is still open.
        joiner.AddActions([Action(3, T + 400)], output);
        Assert.Equal("3:1", Describe(output));

        joiner.AddActions([Action(0, T + WindowMs + 400, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("3:1, 2:0", Describe(output));
        joiner.AddActions([Action(0, T + WindowMs + 501, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("3:1, 2:0, 1:0", Describe(output));
    }

    [Fact]
    public void ActionThatNeverMatches_ExpiresAfterTheWindow_AsUnmatched()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddActions([Action(99, T), Action(99, T + 1, ActionKind.Rating, value: 1), Action(98, T + 2)], output);
        Assert.Equal(2, joiner.Waiting);

        joiner.AddActions([Action(0, T + WindowMs + 3, ActionKind.Like, requestId: 0)], output);
        Assert.Equal(2, joiner.Waiting);

        // No impression seen yet: the next idle tick gives the features side the actions clock, which expires them.
        joiner.AdvanceIdle(TimeSpan.Zero, output);
        Assert.Empty(output);
        Assert.Equal(0, joiner.Waiting);
        Assert.Equal(3, joiner.Stats.Unmatched);

        // The impression, when it finally comes, is a fresh one: no positive from the expired click.
        joiner.AddImpressions([Impression(99, T + WindowMs + 4)], output);
        joiner.AddActions([Action(0, T + 3 * WindowMs, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("99:0", Describe(output));
    }

    [Fact]
    public void LowRating_JustMarksTheImpressionSeen_AndARatingAtTheThresholdIsPositive()
    {
        var joiner = Joiner(o => o.PositiveRating = 4);
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T), Impression(2, T + 1), Impression(3, T + 2)], output);
        joiner.AddActions(
            [
                Action(1, T + 1, ActionKind.Rating, value: 2),
                Action(2, T + 1, ActionKind.Rating, value: 3.99f),
                Action(2, T + 2, ActionKind.Rating, value: 4),
                Action(3, T + 1, ActionKind.Rating, value: 1),
            ],
            output);
        Assert.Equal("2:1", Describe(output));

        joiner.AddActions([Action(0, T + WindowMs + 5, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("2:1, 1:0, 3:0", Describe(output));
        Assert.Equal(0, joiner.Stats.Duplicates);
    }

    [Fact]
    public void MalformedEvents_AreRejectedOneByOne_AndTheRestOfTheBatchJoins()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddImpressions(
            [
                Impression(1, T),
                Impression(2, T) with { SlotWeights = [1f] },
                Impression(3, T) with { Keys = [], SlotWeights = [] },
                Impression(4, T) with { SlotWeights = [1f, float.NaN] },
                Impression(0, T),
                Impression(6, 0),
                Impression(7, T) with { Dense = [float.PositiveInfinity] },
                Impression(8, long.MaxValue) with { Keys = [1] },
                null!,
                Impression(9, T),
            ],
            output);
        var accepted = new List<UserAction>();
        joiner.AddActions(
            [
                Action(1, T + 1, (ActionKind)99),
                Action(1, -5),
                Action(9, T + 1, ActionKind.Rating, value: float.NaN),
                Action(1, T + 2),
                Action(9, T + 3, ActionKind.Purchase),
            ],
            output,
            accepted);

        Assert.Equal("1:1, 9:1", Describe(output));
        Assert.Equal(2, accepted.Count);
        var stats = joiner.Stats;
        Assert.Equal((11L, 2L, 2L, 2), (stats.Rejected, stats.Impressions, stats.Actions, stats.Pending));

        // The rejected events (an impression with a huge timestamp, an action with a negative one) moved no clock.
        Assert.Equal((T, T + 3), (joiner.FeaturesWatermark, joiner.ActionsWatermark));
    }

    [Fact]
    public void BeyondMaxPending_TheOldestImpressionsCloseEarly_AndCanStillBeCorrectedLate()
    {
        var joiner = Joiner(o => o.MaxPending = 3);
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T + 1), Impression(2, T + 2), Impression(3, T + 3), Impression(4, T + 4)], output);
        joiner.AddImpressions([Impression(5, T)], output);
        Assert.Equal("1:0, 5:0", Describe(output));
        Assert.Equal(3, joiner.Stats.Pending);

        joiner.AddActions([Action(1, T + 10), Action(2, T + 11)], output);
        Assert.Equal("1:0, 5:0, 1:1L, 2:1", Describe(output));
    }

    [Fact]
    public void WaitingActions_AreBoundedByMaxPending_TheOldestExpiringAsUnmatched()
    {
        var joiner = Joiner(o => o.MaxPending = 2);
        var output = new List<TrainingExample>();
        joiner.AddActions([Action(1, T + 1), Action(2, T + 2), Action(3, T + 3)], output);
        Assert.Equal(2, joiner.Waiting);
        Assert.Equal(1, joiner.Stats.Unmatched);

        joiner.AddImpressions([Impression(1, T), Impression(2, T + 1), Impression(3, T + 2)], output);

        // Three open impressions exceed the bound as well: the oldest (request 1, no action left) closes early.
        Assert.Equal("2:1, 3:1, 1:0", Describe(output));
    }

    [Fact]
    public void AdvanceIdle_MovesEachStreamsClock_OnlyWhenThatStreamHadNoEventSinceThePreviousTick()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AdvanceIdle(TimeSpan.FromHours(1), output);
        Assert.Equal((0L, 0L), (joiner.FeaturesWatermark, joiner.ActionsWatermark));

        // No action seen yet: the first tick gives the actions side the features clock; then both move while idle.
        joiner.AddImpressions([Impression(1, T)], output);
        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal((T, T), (joiner.FeaturesWatermark, joiner.ActionsWatermark));

        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal((T + 6_000, T + 6_000), (joiner.FeaturesWatermark, joiner.ActionsWatermark));
        Assert.Empty(output);

        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal("1:0", Describe(output));

        joiner.AddActions([Action(0, T + 20_000, ActionKind.Like, requestId: 0)], output);
        joiner.AddImpressions([Impression(2, T + 20_000)], output);
        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal((T + 20_000, T + 20_000), (joiner.FeaturesWatermark, joiner.ActionsWatermark));

        // Impressions keep coming, actions are quiet: only the actions clock moves, and it closes the impressions.
        joiner.AddImpressions([Impression(3, T + 21_000)], output);
        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal((T + 21_000, T + 26_000), (joiner.FeaturesWatermark, joiner.ActionsWatermark));
        Assert.Equal("1:0", Describe(output));

        joiner.AddImpressions([Impression(4, T + 22_000)], output);
        joiner.AdvanceIdle(TimeSpan.FromSeconds(6), output);
        Assert.Equal((T + 22_000, T + 32_000), (joiner.FeaturesWatermark, joiner.ActionsWatermark));
        Assert.Equal("1:0, 2:0, 3:0", Describe(output));
        Assert.Equal(1, joiner.Stats.Pending);
    }

    [Fact]
    public void APositiveOnARequestEvictedFromTheRecentStore_IsUnmatched()
    {
        var joiner = Joiner(o => o.RecentRequests = 2);
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T), Impression(2, T + 1), Impression(3, T + 2)], output);
        joiner.AddImpressions([Impression(4, T + WindowMs + 10)], output);
        joiner.AdvanceIdle(TimeSpan.Zero, output);
        Assert.Equal("1:0, 2:0, 3:0", Describe(output));

        joiner.AddActions([Action(1, T + WindowMs + 11), Action(3, T + WindowMs + 12)], output);
        Assert.Equal("1:0, 2:0, 3:0, 3:1L", Describe(output));

        joiner.AddImpressions([Impression(5, T + 3 * WindowMs)], output);
        Assert.Equal(1, joiner.Stats.Unmatched);
    }

    [Fact]
    public void AReplayedBatchOfImpressionsSpanningManyWindows_ThenItsClicks_YieldsOneOnTimePositivePerClick_AndNoNegativeForThem()
    {
        // The bug this guards against: with one watermark for both streams, the impressions batch alone moved the
        // clock two days ahead, closed its own impressions as negatives, and every click then came as a late positive.
        const long hour = 3_600_000;
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        // A fresh partition (no action seen yet): its first batch must not be closed by its own timestamps either.
        var impressions = Enumerable.Range(0, 48).Select(k => Impression(1 + k, T + k * hour)).ToArray();
        var clicked = impressions.Where(i => i.RequestId % 3 == 1).ToArray();
        joiner.AddImpressions(impressions, output);
        Assert.Empty(output);
        Assert.Equal(48, joiner.Stats.Pending);

        joiner.AddActions([.. clicked.Select(i => Action(i.RequestId, i.TimestampMs + 1_000))], output);

        // Each click moved the actions clock past the windows of the impressions before it: those without a click closed.
        var last = clicked[^1].RequestId;
        Assert.All(output.Where(e => e.Label == 0), e => Assert.True(e.RequestId < last));
        joiner.AddActions([Action(0, impressions[^1].TimestampMs + WindowMs + 1, ActionKind.Like, requestId: 0)], output);

        Assert.Equal(impressions.Length, output.Count);
        Assert.Equal(impressions.Select(i => i.RequestId).Order(), output.Select(e => e.RequestId).Order());
        foreach (var example in output)
        {
            Assert.Equal(example.RequestId % 3 == 1 ? 1 : 0, example.Label);
            Assert.False(example.Late);
        }

        var stats = joiner.Stats;
        Assert.Equal((16L, 0L, 32L, 0), (stats.Positives, stats.LatePositives, stats.Negatives, stats.Pending));
    }

    [Fact]
    public void WithNoActionYet_ImpressionsCloseFromTheNextIdleTick_ThenByTheActionsClock()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T), Impression(2, T + WindowMs / 2)], output);
        joiner.AddImpressions([Impression(3, T + WindowMs + 1)], output);

        // The impressions' own timestamps close nothing: their clicks may be on their way.
        Assert.Empty(output);
        joiner.AdvanceIdle(TimeSpan.Zero, output);
        Assert.Equal("1:0", Describe(output));
        Assert.Equal((T + WindowMs + 1, T + WindowMs + 1), (joiner.FeaturesWatermark, joiner.ActionsWatermark));

        // From then on the actions clock closes impressions: newer impressions alone close nothing.
        joiner.AddImpressions([Impression(4, T + WindowMs + WindowMs / 2 + 1)], output);
        Assert.Equal("1:0", Describe(output));
        joiner.AddActions([Action(0, T + WindowMs + WindowMs / 2 + 1, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("1:0, 2:0", Describe(output));
        joiner.AddImpressions([Impression(5, T + 5 * WindowMs)], output);
        Assert.Equal("1:0, 2:0", Describe(output));
        Assert.Equal(3, joiner.Stats.Pending);
    }

    [Fact]
    public void WaitingActions_ExpireByTheFeaturesWatermark_NotByNewerActions()
    {
        var joiner = Joiner();
        var output = new List<TrainingExample>();
        joiner.AddImpressions([Impression(1, T)], output);

        // Clicks published before their impressions: newer actions do not expire them, so they join on time.
        joiner.AddActions([Action(50, T + 1), Action(0, T + 3 * WindowMs, ActionKind.Like, requestId: 0)], output);
        Assert.Equal("1:0", Describe(output));
        Assert.Equal(1, joiner.Waiting);
        joiner.AddImpressions([Impression(50, T + 2)], output);
        Assert.Equal("1:0, 50:1", Describe(output));

        // Once the impressions pass its window, an action without one expires.
        joiner.AddActions([Action(60, T + 5)], output);
        joiner.AddImpressions([Impression(61, T + WindowMs + 6)], output);
        Assert.Equal((0, 1L), (joiner.Waiting, joiner.Stats.Unmatched));
    }

    [Fact]
    public void InvalidOptions_AreRefused_NamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Joiner(o => o.NegativeSamplingRate = 0));
        Assert.Contains("Joiner:NegativeSamplingRate", error.Message);
        error = Assert.Throws<OptionsValidationException>(() => Joiner(o => o.MaxPending = 0));
        Assert.Contains("Joiner:MaxPending", error.Message);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void NegativeSampling_KeepsAFractionWithinOnePercentOfTheRate(double rate)
    {
        const int requests = 200_000;
        var kept = 0;
        for (var id = 1L; id <= requests; id++)
        {
            kept += NegativeSampling.Keeps(id * 7_919 + 13, rate) ? 1 : 0;
        }

        var fraction = (double)kept / requests;
        Assert.True(Math.Abs(fraction - rate) <= 0.01 * rate, $"kept {fraction:F5} of negatives at r = {rate}");
    }

    [Fact]
    public void LogOddsCorrection_RecoversTheTrueClickProbability_FromSampledExamples()
    {
        const double rate = 0.1;
        const int perGroup = 100_000;
        double[] truth = [0.02, 0.1, 0.3];
        var joiner = Joiner(o => o.NegativeSamplingRate = rate);
        var output = new List<TrainingExample>();
        var random = new Random(20_240_601);
        var requestId = 1L;
        var impressions = new List<ServedFeatures>(1_000);
        var actions = new List<UserAction>(1_000);
        for (var group = 0; group < truth.Length; group++)
        {
            for (var i = 0; i < perGroup; i++, requestId++)
            {
                // The group is the item; every impression is served at time T + its index, so windows close as we go.
                var timestamp = T + requestId;
                impressions.Add(Impression(requestId, timestamp, item: group));
                if (random.NextDouble() < truth[group])
                {
                    actions.Add(Action(requestId, timestamp + 1));
                }

                if (impressions.Count == 1_000)
                {
                    joiner.AddImpressions(impressions, output);
                    joiner.AddActions(actions, output);
                    impressions.Clear();
                    actions.Clear();
                }
            }
        }

        joiner.AddImpressions(impressions, output);
        joiner.AddActions(actions, output);
        joiner.AddActions([Action(0, T + requestId + 2 * WindowMs, ActionKind.Like, requestId: 0)], output);
        Assert.Equal(0, joiner.Stats.Pending);

        for (var group = 0; group < truth.Length; group++)
        {
            long positives = 0, negatives = 0;
            foreach (var example in output)
            {
                if (example.ItemId == group)
                {
                    positives += example.Label == 1 ? 1 : 0;
                    negatives += example.Label == 0 ? 1 : 0;
                }
            }

            var sampled = (double)positives / (positives + negatives);
            var corrected = NegativeSampling.CorrectProbability(sampled, rate);
            var p = truth[group];
            Assert.True(sampled > 1.5 * p + 0.05, $"group p = {p}: the sampled rate {sampled:F4} should be far above it");
            Assert.True(Math.Abs(corrected - p) < 0.08 * p, $"group p = {p}: corrected {corrected:F4} from sampled {sampled:F4}");
        }

        Assert.DoesNotContain(output, e => e.Late);
    }

    private static OnlineJoiner Joiner(Action<JoinerOptions>? configure = null)
    {
        var options = new JoinerOptions { Window = Window };
        configure?.Invoke(options);
        return new OnlineJoiner(options);
    }

    private static ServedFeatures Impression(long requestId, long timestampMs, long item = 10) => new()
    {
        RequestId = requestId,
        UserId = 100 + requestId % 3,
        ItemId = item,
        TimestampMs = timestampMs,
        Keys = [requestId, 1_000 + item],
        SlotWeights = [1f, 0.5f],
        Dense = [0.25f],
    };

    private static UserAction Action(long requestId, long timestampMs, ActionKind kind = ActionKind.Click, float value = 0) => new()
    {
        RequestId = requestId,
        UserId = 100 + requestId % 3,
        ItemId = 10,
        Kind = kind,
        Value = value,
        TimestampMs = timestampMs,
    };

    private static UserAction Action(long requestIdForUser, long timestampMs, ActionKind kind, long requestId) =>
        Action(requestIdForUser, timestampMs, kind) with { RequestId = requestId };

    private static string Describe(IEnumerable<TrainingExample> examples) =>
        string.Join(", ", examples.Select(e => $"{e.RequestId}:{e.Label}{(e.Late ? "L" : "")}"));
}
