namespace ParameterServer;

/// <summary>A batch is malformed (lengths disagree with the table's dimension, or a value is NaN or infinite); none of it was applied.</summary>
[GenerateSerializer, Alias("ps.InvalidBatchException")]
public sealed class InvalidBatchException : ParameterServerException
{
    public InvalidBatchException(string message)
        : base(message)
    {
    }
}
