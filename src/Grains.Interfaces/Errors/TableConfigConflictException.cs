namespace ParameterServer;

/// <summary>A table of that name exists with a different configuration.</summary>
[GenerateSerializer, Alias("ps.TableConfigConflictException")]
public sealed class TableConfigConflictException : ParameterServerException
{
    public TableConfigConflictException(string message)
        : base(message)
    {
    }
}
