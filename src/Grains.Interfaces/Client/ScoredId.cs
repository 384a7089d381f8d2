namespace ParameterServer;

/// <summary>One retrieved row: its ID and its inner product with the query.</summary>
[GenerateSerializer, Immutable, Alias("ps.ScoredId")]
public readonly record struct ScoredId([property: Id(0)] long Id, [property: Id(1)] float Score);
