using ParameterServer.Trainer.Data;

namespace ParameterServer.Bench.Common;

/// <summary>
/// Pre-generated batches of IDs drawn from Zipf(s) over 0..idSpace-1, so that generation is never timed. Each batch is
/// also kept deduplicated (in first-seen order), which is what a shard receives from the SDK.
/// </summary>
internal sealed class ZipfBatches
{
    public ZipfBatches(int batchCount, int batchSize, long idSpace, double exponent, int seed)
    {
        var sampler = new ZipfSampler(idSpace, exponent);
        var random = new Random(seed);
        var seen = new HashSet<long>(batchSize);
        var distinct = new HashSet<long>();
        Ids = new long[batchCount][];
        Unique = new long[batchCount][];
        for (var b = 0; b < batchCount; b++)
        {
            var ids = new long[batchSize];
            var unique = new List<long>(batchSize);
            seen.Clear();
            for (var i = 0; i < batchSize; i++)
            {
                ids[i] = sampler.Next(random);
                if (seen.Add(ids[i]))
                {
                    unique.Add(ids[i]);
                }
            }

            Ids[b] = ids;
            Unique[b] = unique.ToArray();
            distinct.UnionWith(ids);
            TotalIds += batchSize;
            TotalUnique += unique.Count;
        }

        Distinct = distinct.ToArray();
    }

    /// <summary>The caller's batches, duplicates included.</summary>
    public long[][] Ids { get; }

    /// <summary>Each batch's distinct IDs.</summary>
    public long[][] Unique { get; }

    /// <summary>Every ID any batch uses, once.</summary>
    public long[] Distinct { get; }

    public int Count => Ids.Length;

    public long TotalIds { get; }

    public long TotalUnique { get; }

    public double MeanUniquePerBatch => (double)TotalUnique / Count;
}
