namespace ParameterServer;

/// <summary>No dense model of that name was initialised in the training pool.</summary>
[GenerateSerializer, Alias("ps.UnknownModelException")]
public sealed class UnknownModelException : ParameterServerException
{
    public UnknownModelException(string message)
        : base(message)
    {
    }
}
