namespace ParameterServer.Trainer.Data.Synthetic;

/// <summary>
/// A log anywhere, without files: Zipf-skewed item popularity and user activity; every item has one topic; every user
/// has a few interest topics that drift (an interest moves to another topic at a small rate per day). Each
/// event shows a user an item (from one of their interests, or from the global popularity) and records how far they
/// engaged: an item of their interests is clicked far more often, so a model that learns users' interests beats
/// popularity. Deterministic for a seed; events in time order over <see cref="SyntheticOptions.Days"/>.
/// </summary>
public static class SyntheticGenerator
{
    private const long Start = 1_704_067_200; // 2024-01-01T00:00:00Z

    public static InteractionLog Generate(SyntheticOptions options)
    {
        options.Validate();
        var random = new Random(options.Seed);

        // Item rank r (0 = most popular) has a topic scattered by a hash, so popularity and topic are independent.
        var topicOfItem = new int[options.Items];
        var itemsOfTopic = Enumerable.Range(0, options.Topics).Select(_ => new List<int>()).ToArray();
        for (var item = 0; item < options.Items; item++)
        {
            topicOfItem[item] = (int)(Mix((ulong)item + (ulong)options.Seed) % (ulong)options.Topics);
            itemsOfTopic[topicOfItem[item]].Add(item);
        }

        var topicSamplers = itemsOfTopic.Select(list => new ZipfSampler(Math.Max(1, list.Count), options.ZipfExponent)).ToArray();
        var itemSampler = new ZipfSampler(options.Items, options.ZipfExponent);
        var userSampler = new ZipfSampler(options.Users, 0.6);
        var interests = new int[options.Users * options.InterestsPerUser];
        for (var i = 0; i < interests.Length; i++)
        {
            interests[i] = random.Next(options.Topics);
        }

        var lastSeen = new long[options.Users];
        Array.Fill(lastSeen, Start);
        var users = new long[options.Events];
        var items = new long[options.Events];
        var actions = new byte[options.Events];
        var times = new long[options.Events];
        var secondsPerEvent = options.Days * 86_400.0 / options.Events;
        for (var e = 0; e < options.Events; e++)
        {
            // User IDs scattered so that the most active user is not user 0.
            var user = (int)((ulong)(userSampler.Next(random) * 7919) % (ulong)options.Users);
            var mine = interests.AsSpan(user * options.InterestsPerUser, options.InterestsPerUser);
            var now = Start + (long)(e * secondsPerEvent);
            if (random.NextDouble() < 1 - Math.Exp(-options.DriftPerDay * (now - lastSeen[user]) / 86_400.0))
            {
                mine[random.Next(mine.Length)] = random.Next(options.Topics);
            }

            lastSeen[user] = now;

            int item;
            if (random.NextDouble() < 0.5)
            {
                var topic = mine[random.Next(mine.Length)];
                item = itemsOfTopic[topic][(int)topicSamplers[topic].Next(random)];
            }
            else
            {
                item = (int)itemSampler.Next(random);
            }

            var interested = mine.Contains(topicOfItem[item]);
            var click = interested ? 0.45 : 0.04;
            var action = SyntheticAction.Impression;
            if (random.NextDouble() < click)
            {
                action = SyntheticAction.Click;
                if (random.NextDouble() < 0.3)
                {
                    action = SyntheticAction.Like;
                    if (random.NextDouble() < 0.2)
                    {
                        action = SyntheticAction.Share;
                    }
                }
            }

            users[e] = user;
            items[e] = item;
            actions[e] = (byte)action;
            times[e] = now;
        }

        var log = new InteractionLog
        {
            Name = "synthetic",
            Users = users,
            Items = items,
            Actions = actions,
            Timestamps = times,
            ActionTypes = 4,
            PositiveAction = (byte)SyntheticAction.Click,
            SequenceAction = (byte)SyntheticAction.Click,
            ItemCategories = Enumerable.Range(0, options.Items).ToDictionary(i => (long)i, i => new long[] { topicOfItem[i] }),
            ItemNames = Enumerable.Range(0, options.Items).ToDictionary(i => (long)i, i => $"item {i} (topic {topicOfItem[i]})"),
        };
        log.Validate();
        return log;
    }

    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }
}
