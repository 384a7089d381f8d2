using ParameterServer.Trainer.Data.Synthetic;

namespace ParameterServer.Trainer.Tests.Data;

public sealed class SyntheticGeneratorTests
{
    private static readonly SyntheticOptions Small = new() { Users = 300, Items = 1_000, Topics = 10, Events = 30_000, Days = 28 };

    [Fact]
    public void SameSeedSameLogAndTimeOrdered()
    {
        var a = SyntheticGenerator.Generate(Small);
        var b = SyntheticGenerator.Generate(Small);

        Assert.Equal(a.Items, b.Items);
        Assert.Equal(a.Actions, b.Actions);
        Assert.Equal(30_000, a.Count);
        Assert.True(a.Timestamps.Zip(a.Timestamps.Skip(1)).All(p => p.First <= p.Second));
        Assert.True(a.Timestamps[^1] - a.Timestamps[0] > 27 * 86_400L);
    }

    [Fact]
    public void PopularityIsSkewedAndInterestsDriveClicks()
    {
        var log = SyntheticGenerator.Generate(new SyntheticOptions { Users = 300, Items = 1_000, Topics = 10, Events = 30_000, DriftPerDay = 0 });
        var counts = log.Items.GroupBy(i => i).Select(g => g.Count()).OrderDescending().ToArray();

        // Zipf: the top 1% of items take far more than 1% of impressions.
        Assert.True(counts.Take(10).Sum() > 0.15 * log.Count, $"top 10 items: {counts.Take(10).Sum()} of {log.Count}");

        // Several action types, and positives are a minority.
        Assert.Equal(4, log.Actions.Distinct().Count());
        var positive = Enumerable.Range(0, log.Count).Count(log.IsPositive);
        Assert.InRange(positive, log.Count / 20, log.Count / 2);

        // A user's clicks concentrate on few topics (interests), more than impressions do.
        var user = log.Users.GroupBy(u => u).OrderByDescending(g => g.Count()).First().Key;
        var events = Enumerable.Range(0, log.Count).Where(i => log.Users[i] == user).ToArray();
        double TopTopicShare(IEnumerable<int> indices) =>
            indices.GroupBy(i => log.ItemCategories[log.Items[i]][0]).Max(g => g.Count()) / (double)indices.Count();
        Assert.True(TopTopicShare(events.Where(log.IsPositive)) > TopTopicShare(events) + 0.1);
    }

    [Fact]
    public void InterestsDriftOverTime()
    {
        // Overlap of the top-2 clicked topics in the first and last quarter of the most active users' histories.
        static double EarlyLateOverlap(double drift)
        {
            var log = SyntheticGenerator.Generate(new SyntheticOptions { Users = 300, Items = 1_000, Topics = 10, Events = 30_000, DriftPerDay = drift });
            var overlap = 0.0;
            var active = log.Users.GroupBy(u => u).OrderByDescending(g => g.Count()).Take(20).Select(g => g.Key).ToArray();
            foreach (var user in active)
            {
                var clicks = Enumerable.Range(0, log.Count).Where(i => log.Users[i] == user && log.IsPositive(i)).ToArray();
                long[] Top(IEnumerable<int> part) => part.GroupBy(i => log.ItemCategories[log.Items[i]][0])
                    .OrderByDescending(g => g.Count()).Take(2).Select(g => g.Key).ToArray();
                var quarter = clicks.Length / 4;
                overlap += Top(clicks.Take(quarter)).Intersect(Top(clicks.Skip(clicks.Length - quarter))).Count() / 2.0;
            }

            return overlap / active.Length;
        }

        var still = EarlyLateOverlap(0);
        var drifting = EarlyLateOverlap(0.1);
        Assert.True(still > 0.8, $"without drift, early and late interests agree ({still:0.00})");
        Assert.True(drifting < still - 0.3, $"with drift they move apart ({drifting:0.00} vs {still:0.00})");
    }

    [Fact]
    public void BadOptionsAreRefusedWithTheRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(new SyntheticOptions { Topics = 1 }));
        Assert.Contains("Topics is 1", error.Message);
    }
}
