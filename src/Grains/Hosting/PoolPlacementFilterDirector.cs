using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace ParameterServer.Grains.Hosting;

internal sealed class PoolPlacementFilterDirector(ISiloMetadataCache siloMetadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var pool = ((PoolPlacementFilterStrategy)filterStrategy).Pool;
        return silos.Where(silo =>
            SiloPool.CanHost(siloMetadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloPool.MetadataKey), pool));
    }
}
