namespace ParameterServer;

/// <summary>The caller routed by a table generation that is no longer current (the table was dropped and created again); refresh the table's configuration.</summary>
[GenerateSerializer, Alias("ps.StaleTableException")]
public sealed class StaleTableException : ParameterServerException
{
    public StaleTableException(string message)
        : base(message)
    {
    }
}
