namespace ParameterServer;

/// <summary>A snapshot could not be written (storage unavailable, a shard failed); no part of it became visible.</summary>
[GenerateSerializer, Alias("ps.SnapshotFailedException")]
public sealed class SnapshotFailedException : ParameterServerException
{
    public SnapshotFailedException(string message)
        : base(message)
    {
    }
}
