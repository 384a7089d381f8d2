namespace ParameterServer.Grains.Snapshots;

/// <summary>What the coordinator must remember across activations.</summary>
[GenerateSerializer, Alias("ps.SnapshotCoordinatorState")]
public sealed class SnapshotCoordinatorState
{
    /// <summary>Set when a snapshot failed after shards had taken their changes: only a full snapshot is whole again.</summary>
    [Id(0)] public bool NextMustBeFull { get; set; }

    [Id(1)] public string? LastSnapshotId { get; set; }
}
