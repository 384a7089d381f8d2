namespace ParameterServer;

/// <summary>A table configuration is out of range; the message names the field and its allowed values.</summary>
[GenerateSerializer, Alias("ps.InvalidTableConfigException")]
public sealed class InvalidTableConfigException : ParameterServerException
{
    public InvalidTableConfigException(string message)
        : base(message)
    {
    }
}
