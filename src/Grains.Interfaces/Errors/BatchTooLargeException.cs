namespace ParameterServer;

/// <summary>A batch carries more IDs than the configured limit; split it.</summary>
[GenerateSerializer, Alias("ps.BatchTooLargeException")]
public sealed class BatchTooLargeException : ParameterServerException
{
    public BatchTooLargeException(string message)
        : base(message)
    {
    }
}
