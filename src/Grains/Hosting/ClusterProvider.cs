namespace ParameterServer.Grains.Hosting;

/// <summary>Where membership, reminders and grain state live.</summary>
public enum ClusterProvider
{
    /// <summary>Localhost clustering, in-memory reminders and grain state: one machine, nothing to install.</summary>
    Localhost = 0,

    /// <summary>Azure Table membership and reminders, Azure Blob grain state (Azurite locally).</summary>
    AzureStorage = 1,
}
