namespace ParameterServer;

/// <summary>A dense model configuration is invalid (name, parameter count or Adam settings).</summary>
[GenerateSerializer, Alias("ps.InvalidModelConfigException")]
public sealed class InvalidModelConfigException : ParameterServerException
{
    public InvalidModelConfigException(string message)
        : base(message)
    {
    }
}
