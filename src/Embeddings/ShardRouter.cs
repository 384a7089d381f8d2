namespace ParameterServer.Embeddings;

/// <summary>
/// The one documented ID-to-shard mapping: shard = splitmix64(id) mod shardCount. Never string or object hash codes,
/// which differ between processes and runtime versions.
/// </summary>
public static class ShardRouter
{
    /// <summary>The splitmix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix64(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>Shard of <paramref name="id"/> among <paramref name="shardCount"/> shards.</summary>
    public static int ShardOf(long id, int shardCount) => ShardOfMixed(Mix64((ulong)id), shardCount);

    /// <summary>Shard of an ID whose <see cref="Mix64"/> the caller has already computed.</summary>
    public static int ShardOfMixed(ulong mixedId, int shardCount) => (int)(mixedId % (ulong)shardCount);
}
