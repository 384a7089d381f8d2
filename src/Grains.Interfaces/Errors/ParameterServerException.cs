namespace ParameterServer;

/// <summary>Base of every error the parameter server reports for a request it refused; the request changed nothing.</summary>
[GenerateSerializer, Alias("ps.ParameterServerException")]
public class ParameterServerException : Exception
{
    public ParameterServerException(string message)
        : base(message)
    {
    }
}
