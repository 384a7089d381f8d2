namespace ParameterServer.Realtime;

/// <summary>One event of the <c>examples</c> stream: joined examples of one partition.</summary>
[GenerateSerializer, Immutable, Alias("ps.ExampleBatch")]
public sealed record ExampleBatch([property: Id(0)] TrainingExample[] Items);
