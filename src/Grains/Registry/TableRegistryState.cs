namespace ParameterServer.Grains.Registry;

/// <summary>Persisted catalogue: every table by name, and the next generation number to hand out.</summary>
[GenerateSerializer, Alias("ps.TableRegistryState")]
public sealed class TableRegistryState
{
    [Id(0)] public Dictionary<string, TableConfig> Tables { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public long LastGeneration { get; set; }

    /// <summary>Dense models the cluster has, so that snapshots include them.</summary>
    [Id(2)] public SortedSet<string> DenseModels { get; set; } = new(StringComparer.Ordinal);
}
