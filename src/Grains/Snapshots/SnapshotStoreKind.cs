namespace ParameterServer.Grains.Snapshots;

public enum SnapshotStoreKind
{
    /// <summary>No snapshots: shards start empty after a restart.</summary>
    None = 0,

    /// <summary>A folder on the silo's disk (the embedded default).</summary>
    LocalFolder = 1,

    /// <summary>An Azure Blob container (Azurite locally); what a multi-silo cluster needs.</summary>
    AzureBlob = 2,
}
