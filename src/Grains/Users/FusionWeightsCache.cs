using Microsoft.Extensions.Options;

namespace ParameterServer.Grains.Users;

/// <summary>
/// The fusion weights a silo's user grains share: fetched from the serving dense grain at most once per
/// <see cref="RecommendationOptions.FusionRefreshInterval"/>, so a recommendation does not copy them per call. Dense
/// weights change lazily (hours), so a few seconds' staleness costs nothing.
/// </summary>
public sealed class FusionWeightsCache(IGrainFactory grains, IOptions<RecommendationOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Entry? _entry;

    /// <summary>The published weights when they fit (dimension, long-term dimension), else the defaults.</summary>
    public async ValueTask<ReadOnlyMemory<float>> Get(int dimension)
    {
        var entry = _entry;
        if (entry is not null && entry.Dimension == dimension && time.GetUtcNow() < entry.Expires)
        {
            return entry.Weights;
        }

        await _refresh.WaitAsync();
        try
        {
            entry = _entry;
            if (entry is null || entry.Dimension != dimension || time.GetUtcNow() >= entry.Expires)
            {
                entry = new Entry(dimension, await Fetch(dimension), time.GetUtcNow() + options.Value.FusionRefreshInterval);
                _entry = entry;
            }

            return entry.Weights;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<float[]> Fetch(int dimension)
    {
        var longTerm = options.Value.LongTermDimension;
        try
        {
            var weights = await grains.GetGrain<IServingDenseGrain>(options.Value.FusionModel).Get();
            if (weights.Count == UserQueryFusion.ParameterCount(dimension, longTerm))
            {
                return weights.Values.ToArray();
            }
        }
        catch (UnknownModelException)
        {
            // Not trained yet: the defaults fuse by equal attention.
        }

        return UserQueryFusion.DefaultWeights(dimension, longTerm);
    }

    private sealed record Entry(int Dimension, float[] Weights, DateTimeOffset Expires);
}
