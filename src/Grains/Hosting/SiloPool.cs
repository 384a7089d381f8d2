namespace ParameterServer.Grains.Hosting;

/// <summary>
/// Which parameter-server grains a silo hosts, published as silo metadata under <see cref="MetadataKey"/> and
/// honoured by <see cref="PoolPlacementFilterAttribute"/>.
/// </summary>
public static class SiloPool
{
    public const string MetadataKey = "ps.pool";

    /// <summary>Training shards, with optimizer state; the target of pulls and pushes.</summary>
    public const string Training = "training";

    /// <summary>Serving shards: values only, the target of lookups.</summary>
    public const string Serving = "serving";

    /// <summary>Both pools in one silo (the embedded default).</summary>
    public const string All = "all";

    public static bool IsValid(string? pool) => pool is Training or Serving or All;

    /// <summary>True when a silo of pool <paramref name="siloPool"/> may host grains of pool <paramref name="grainPool"/>.</summary>
    public static bool CanHost(string? siloPool, string grainPool) => siloPool == grainPool || siloPool == All;
}
