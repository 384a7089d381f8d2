namespace ParameterServer;

/// <summary>No table of that name exists in the registry.</summary>
[GenerateSerializer, Alias("ps.UnknownTableException")]
public sealed class UnknownTableException : ParameterServerException
{
    public UnknownTableException(string message)
        : base(message)
    {
    }
}
