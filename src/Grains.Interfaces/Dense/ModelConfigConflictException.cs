namespace ParameterServer;

/// <summary>A dense model of that name exists with another configuration (parameter count or Adam settings).</summary>
[GenerateSerializer, Alias("ps.ModelConfigConflictException")]
public sealed class ModelConfigConflictException : ParameterServerException
{
    public ModelConfigConflictException(string message)
        : base(message)
    {
    }
}
