using Orleans.Placement;

namespace ParameterServer.Grains.Hosting;

/// <summary>Places the grain class only on silos of <paramref name="pool"/> or of pool "all".</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PoolPlacementFilterAttribute(string pool) : PlacementFilterAttribute(new PoolPlacementFilterStrategy(pool));
