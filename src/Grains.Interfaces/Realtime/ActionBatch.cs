namespace ParameterServer.Realtime;

/// <summary>One event of the <c>actions</c> stream: actions of one partition.</summary>
[GenerateSerializer, Immutable, Alias("ps.ActionBatch")]
public sealed record ActionBatch([property: Id(0)] UserAction[] Items);
