using Microsoft.Extensions.Options;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>
/// Positive actions per item with exponential decay by event time: each count is kept relative to a reference time
/// (count·2^((t − reference)/half-life)), so recording is one addition and only reading compares. Bounded: past
/// capacity, the least popular half of the tail is forgotten.
/// </summary>
[PoolPlacementFilter(SiloPool.Serving)]
internal sealed class PopularityGrain(IOptions<RecommendationOptions> options) : Grain, IPopularityGrain
{
    private readonly Dictionary<long, double> _scores = [];
    private long _referenceMs = -1;
    private long _newestMs;

    public Task Record(long[] items, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (_referenceMs < 0)
        {
            _referenceMs = timestampMs;
        }

        // Weights grow with time; rebase before they leave double's comfortable range.
        var exponent = (timestampMs - _referenceMs) / options.Value.PopularityHalfLife.TotalMilliseconds;
        if (exponent > 512)
        {
            Rebase(timestampMs);
            exponent = 0;
        }

        _newestMs = Math.Max(_newestMs, timestampMs);
        var weight = Math.Pow(2, exponent);
        foreach (var item in items)
        {
            _scores[item] = _scores.GetValueOrDefault(item) + weight;
        }

        if (_scores.Count > options.Value.PopularityCapacity)
        {
            Trim(options.Value.PopularityCapacity / 2);
        }

        return Task.CompletedTask;
    }

    public Task<ScoredId[]> Top(int k, long[] exclude)
    {
        if (k is < 1 or > ParameterServerClient.MaxTopK)
        {
            throw new InvalidBatchException($"k is {k}; ask for 1 to {ParameterServerClient.MaxTopK} items.");
        }

        var skip = exclude is { Length: > 0 } ? exclude.ToHashSet() : null;

        // Scores as decayed counts at the newest recorded time.
        var toNewest = Math.Pow(2, -(_newestMs - _referenceMs) / options.Value.PopularityHalfLife.TotalMilliseconds);
        var best = new TopKHeap(k);
        foreach (var (item, score) in _scores)
        {
            if (skip?.Contains(item) != true)
            {
                best.Offer(item, (float)(score * toNewest));
            }
        }

        return Task.FromResult(ScoredId.Drain(best));
    }

    private void Rebase(long timestampMs)
    {
        var factor = Math.Pow(2, -(timestampMs - _referenceMs) / options.Value.PopularityHalfLife.TotalMilliseconds);
        foreach (var item in _scores.Keys)
        {
            _scores[item] *= factor;
        }

        _referenceMs = timestampMs;
    }

    private void Trim(int keep)
    {
        var threshold = _scores.Values.Order().ElementAt(_scores.Count - keep);
        foreach (var (item, score) in _scores)
        {
            if (score < threshold)
            {
                _scores.Remove(item);
            }
        }
    }
}
