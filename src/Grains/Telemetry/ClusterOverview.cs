namespace ParameterServer.Grains.Telemetry;

/// <summary>What the parameter-server dashboard page shows: the tables and every active silo's shards.</summary>
public sealed record ClusterOverview
{
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>The silo that collected the overview.</summary>
    public required string CollectedBy { get; init; }

    public required IReadOnlyList<TableConfig> Tables { get; init; }

    /// <summary>Reports of the active silos that answered, by silo address.</summary>
    public required IReadOnlyList<SiloShardReport> Silos { get; init; }

    /// <summary>Active silos that did not answer in time, with the reason.</summary>
    public required IReadOnlyList<string> Unreachable { get; init; }
}
