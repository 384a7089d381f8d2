namespace ParameterServer;

/// <summary>A full snapshot holds every row; an incremental one the rows changed since the previous snapshot.</summary>
[GenerateSerializer, Alias("ps.SnapshotKind")]
public enum SnapshotKind
{
    Full = 0,
    Incremental = 1,
}
