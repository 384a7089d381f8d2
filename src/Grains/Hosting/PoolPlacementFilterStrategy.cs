using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;

namespace ParameterServer.Grains.Hosting;

/// <summary>Keeps a grain type on silos whose <see cref="SiloPool.MetadataKey"/> metadata is its pool or "all".</summary>
public sealed class PoolPlacementFilterStrategy : PlacementFilterStrategy
{
    private const string PoolProperty = "pool";

    public PoolPlacementFilterStrategy()
        : this(SiloPool.All)
    {
    }

    public PoolPlacementFilterStrategy(string pool)
        : base(order: 0)
    {
        Pool = pool;
    }

    public string Pool { get; private set; }

    public override void AdditionalInitialize(GrainProperties properties) =>
        Pool = GetPlacementFilterGrainProperty(PoolProperty, properties) ?? SiloPool.All;

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new(PoolProperty, Pool);
    }
}
