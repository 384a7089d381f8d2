using ParameterServer.Trainer.Data;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// An <see cref="InteractionLog"/> cut for sequence models at a split time T: each user's actions in time order;
/// training users (their actions before T only); evaluation users, held out of training entirely, who acted before T
/// and have positives in [T, T + window); the item catalogue and training-positive counts (for log-Q and popularity).
/// </summary>
public sealed class SequenceData
{
    public const int TimeFeatures = 9;
    private static readonly double[] PeriodsHours = [1, 24, 24 * 7, 24 * 30];

    public SequenceData(InteractionLog log, double trainFraction, int windowDays, int maxEvaluationUsers)
    {
        Log = log;
        var split = log.SplitIndex(trainFraction);
        SplitTime = split < log.Count ? log.Timestamps[split] : log.Timestamps[^1] + 1;
        WindowSeconds = windowDays * 86_400L;
        var byUser = new Dictionary<long, List<int>>();
        for (var i = 0; i < log.Count; i++)
        {
            if (log.Actions[i] >= log.SequenceAction)
            {
                if (!byUser.TryGetValue(log.Users[i], out var list))
                {
                    byUser[log.Users[i]] = list = [];
                }

                list.Add(i);
            }
        }

        Users = byUser.Keys.Order().ToArray();
        Events = Users.Select(u => byUser[u].ToArray()).ToArray();
        HistoryLength = Events.Select(e => e.Count(i => log.Timestamps[i] < SplitTime)).ToArray();

        // Eligible for evaluation: history before T and a positive in the window after it; held out by a stable hash.
        var eligible = Enumerable.Range(0, Users.Length)
            .Where(u => HistoryLength[u] > 0 && Events[u].Skip(HistoryLength[u]).Any(i => log.Timestamps[i] < SplitTime + WindowSeconds && log.IsPositive(i)))
            .OrderBy(u => Features.CtrSchema.Mix((ulong)Users[u]))
            .Take(maxEvaluationUsers)
            .ToHashSet();
        EvaluationUsers = eligible.Order().ToArray();
        TrainingUsers = Enumerable.Range(0, Users.Length).Where(u => !eligible.Contains(u) && HistoryLength[u] >= 2).ToArray();
        Catalogue = log.Items.Distinct().Order().ToArray();
        PositiveCounts = new Dictionary<long, int>();
        foreach (var u in TrainingUsers)
        {
            foreach (var i in Events[u].AsSpan(0, HistoryLength[u]))
            {
                if (log.IsPositive(i))
                {
                    PositiveCounts[log.Items[i]] = PositiveCounts.GetValueOrDefault(log.Items[i]) + 1;
                    TrainingPositives++;
                }
            }
        }
    }

    public InteractionLog Log { get; }

    /// <summary>T: training sees only actions before it; evaluation positives are in [T, T + window).</summary>
    public long SplitTime { get; }

    public long WindowSeconds { get; }

    /// <summary>User IDs; index u is used below.</summary>
    public long[] Users { get; }

    /// <summary>Per user, their action events (indices into the log) in time order.</summary>
    public int[][] Events { get; }

    /// <summary>Per user, how many of <see cref="Events"/> are before T.</summary>
    public int[] HistoryLength { get; }

    public int[] TrainingUsers { get; }

    public int[] EvaluationUsers { get; }

    /// <summary>Every item of the log (what retrieval ranks).</summary>
    public long[] Catalogue { get; }

    /// <summary>Positives per item among training users' actions before T.</summary>
    public Dictionary<long, int> PositiveCounts { get; }

    public long TrainingPositives { get; }

    /// <summary>An evaluation user's positives in [T, T + window).</summary>
    public HashSet<long> FuturePositives(int user) => Events[user].Skip(HistoryLength[user])
        .Where(i => Log.Timestamps[i] < SplitTime + WindowSeconds && Log.IsPositive(i))
        .Select(i => Log.Items[i]).ToHashSet();

    /// <summary>Items the user acted on before T (not recommended again).</summary>
    public HashSet<long> History(int user) => Events[user].Take(HistoryLength[user]).Select(i => Log.Items[i]).ToHashSet();

    /// <summary>sin/cos of the timestamp at periods of 1 h, 1 day, 1 week and 30 days, and log(1 + hours since the
    /// previous action).</summary>
    public void TimeFeaturesOf(int eventIndex, long previousTimestamp, Span<float> features) =>
        TimeFeaturesAt(Log.Timestamps[eventIndex], previousTimestamp, features);

    /// <summary>The time features of an action at Unix second <paramref name="t"/> (also for actions outside a log).</summary>
    public static void TimeFeaturesAt(long t, long previousTimestamp, Span<float> features)
    {
        for (var p = 0; p < PeriodsHours.Length; p++)
        {
            var phase = 2 * Math.PI * (t / 3600.0 % PeriodsHours[p]) / PeriodsHours[p];
            features[2 * p] = (float)Math.Sin(phase);
            features[2 * p + 1] = (float)Math.Cos(phase);
        }

        features[8] = (float)Math.Log(1 + Math.Max(0, t - previousTimestamp) / 3600.0);
    }
}
