using ParameterServer.Trainer.Sequences;

namespace ParameterServer.Trainer.Evaluation;

/// <summary>
/// PinnerFormer's offline metrics over held-out users (section 4.1): Recall@10 (share of a user's future positives,
/// capped at 10, found in their top 10; averaged over users), Interest Entropy@50 (entropy in nats of the item
/// categories of the top 50, an item's categories sharing its weight; averaged), and P90 Coverage@10 (the fewest items
/// that make up 90% of all users' top-10 slots, as a share of the catalogue: low = everyone gets the same items).
/// </summary>
public sealed record RetrievalMetrics(int Users, double RecallAt10, double InterestEntropyAt50, double P90CoverageAt10)
{
    public const int RecallK = 10;
    public const int EntropyK = 50;

    public override string ToString() =>
        $"Recall@10 {RecallAt10:0.0000}   Interest Entropy@50 {InterestEntropyAt50:0.000}   P90 Coverage@10 {P90CoverageAt10:0.0000}   ({Users} held-out users)";

    /// <param name="rankings">per evaluation user, their top <see cref="EntropyK"/> items, best first</param>
    public static RetrievalMetrics Compute(SequenceData data, IReadOnlyList<(int User, long[] Top)> rankings)
    {
        double recall = 0, entropy = 0;
        var slots = new Dictionary<long, int>();
        foreach (var (user, top) in rankings)
        {
            var future = data.FuturePositives(user);
            var hits = top.Take(RecallK).Count(future.Contains);
            recall += hits / (double)Math.Min(RecallK, future.Count);

            var topics = new Dictionary<long, double>();
            foreach (var item in top.Take(EntropyK))
            {
                var categories = data.Log.ItemCategories.GetValueOrDefault(item, [-1]);
                foreach (var category in categories)
                {
                    topics[category] = topics.GetValueOrDefault(category) + 1.0 / categories.Length;
                }
            }

            var total = topics.Values.Sum();
            entropy -= topics.Values.Sum(w => w / total * Math.Log(w / total));
            foreach (var item in top.Take(RecallK))
            {
                slots[item] = slots.GetValueOrDefault(item) + 1;
            }
        }

        var allSlots = slots.Values.Sum();
        var covered = 0;
        var items = 0;
        foreach (var count in slots.Values.OrderDescending())
        {
            covered += count;
            items++;
            if (covered >= 0.9 * allSlots)
            {
                break;
            }
        }

        var users = Math.Max(1, rankings.Count);
        return new RetrievalMetrics(rankings.Count, recall / users, entropy / users, items / (double)data.Catalogue.Length);
    }

    /// <summary>The popularity baseline: every user gets the items with most training positives, minus their history.</summary>
    public static RetrievalMetrics Popularity(SequenceData data)
    {
        var ranked = data.Catalogue.OrderByDescending(i => data.PositiveCounts.GetValueOrDefault(i)).ThenBy(i => i).ToArray();
        var rankings = data.EvaluationUsers.Select(u =>
        {
            var history = data.History(u);
            return (u, ranked.Where(i => !history.Contains(i)).Take(EntropyK).ToArray());
        }).ToList();
        return Compute(data, rankings);
    }
}
