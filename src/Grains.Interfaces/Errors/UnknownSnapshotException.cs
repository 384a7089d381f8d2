namespace ParameterServer;

/// <summary>No complete snapshot has that id.</summary>
[GenerateSerializer, Alias("ps.UnknownSnapshotException")]
public sealed class UnknownSnapshotException : ParameterServerException
{
    public UnknownSnapshotException(string message)
        : base(message)
    {
    }
}
