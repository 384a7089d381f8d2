namespace ParameterServer.Realtime;

/// <summary>Recent positive actions per item with exponential decay (key: 0): the cold-start fallback.</summary>
[Alias("ps.IPopularityGrain")]
public interface IPopularityGrain : IGrainWithIntegerKey
{
    [Alias("Record")]
    Task Record(long[] items, long timestampMs);

    /// <summary>The <paramref name="k"/> items with the highest decayed counts, best first (ties: smaller ID).</summary>
    [Alias("Top")]
    Task<ScoredId[]> Top(int k, long[] exclude);
}
