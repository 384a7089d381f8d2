namespace ParameterServer;

/// <summary>Rows a push updated, and rows it dropped because their ID is not admitted yet (below MinCount).</summary>
[GenerateSerializer, Immutable, Alias("ps.PushReply")]
public readonly record struct PushReply([property: Id(0)] int AppliedRows, [property: Id(1)] int FilteredRows);
