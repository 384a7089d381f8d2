using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Tests;

/// <summary>Table definitions and IDs the cluster and operations tests create.</summary>
internal static class Tables
{
    public static TableConfig Sgd(string name, int dimension = 8, int shards = 4, int minCount = 1, TimeSpan? ttl = null) => new()
    {
        Name = name,
        Shards = shards,
        Embedding = new EmbeddingTableSettings
        {
            Dimension = dimension,
            Initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.1f, Seed: 7),
            Optimizer = SparseOptimizerSettings.Sgd(0.5f),
            MinCount = minCount,
            TimeToLive = ttl,
        },
    };

    public static float[] InitialRows(TableConfig config, ReadOnlySpan<long> ids)
    {
        var rows = new float[ids.Length * config.Dimension];
        for (var i = 0; i < ids.Length; i++)
        {
            config.Embedding.Initializer.Fill(ids[i], rows.AsSpan(i * config.Dimension, config.Dimension));
        }

        return rows;
    }

    /// <summary>A unique table name, so tests sharing a silo (and the process-wide meter) never see each other's rows.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static long[] Ids(int count, long stride = 7) => Enumerable.Range(1, count).Select(i => i * stride).ToArray();
}
