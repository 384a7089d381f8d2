namespace ParameterServer.Embeddings;

/// <summary>
/// Deterministic per-ID initialiser: the same (seed, id) gives the same row on any shard, process or restart,
/// because the values come from a counter-based generator keyed by the ID rather than from shared RNG state.
/// </summary>
public readonly record struct EmbeddingInitializer(EmbeddingInitializerKind Kind, float Scale, ulong Seed)
{
    // splitmix64's increment; the stream of an ID is Mix64(key + k * Gamma), k = 1, 2, ...
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static EmbeddingInitializer Zeros => new(EmbeddingInitializerKind.Zeros, 0f, 0);

    /// <summary>Fills <paramref name="row"/> with the initial values of <paramref name="id"/>. Allocates nothing.</summary>
    public void Fill(long id, Span<float> row)
    {
        var key = ShardRouter.Mix64((ulong)id ^ ShardRouter.Mix64(Seed));
        switch (Kind)
        {
            case EmbeddingInitializerKind.Uniform:
                for (int j = 0; j < row.Length; j++)
                {
                    // The top 24 bits give a float in [0, 1) exactly, so the value stays within [-Scale, Scale].
                    float u = (ShardRouter.Mix64(key + (ulong)(j + 1) * Gamma) >> 40) * (1f / (1 << 24));
                    row[j] = (2f * u - 1f) * Scale;
                }

                break;
            case EmbeddingInitializerKind.Normal:
                // Box-Muller: each pair of uniforms gives two independent normals. Uses Math.Log/Sin/Cos, so rows are
                // identical wherever the same runtime math library runs (every silo image of the cluster).
                for (int j = 0; j < row.Length; j += 2)
                {
                    double u1 = ((ShardRouter.Mix64(key + (ulong)(j + 1) * Gamma) >> 11) + 1) * (1.0 / (1UL << 53));
                    double u2 = (ShardRouter.Mix64(key + (ulong)(j + 2) * Gamma) >> 11) * (1.0 / (1UL << 53));
                    double r = Math.Sqrt(-2.0 * Math.Log(u1)) * Scale;
                    var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
                    row[j] = (float)(r * cos);
                    if (j + 1 < row.Length)
                    {
                        row[j + 1] = (float)(r * sin);
                    }
                }

                break;
            default:
                row.Clear();
                break;
        }
    }
}
