namespace ParameterServer;

/// <summary>One retrieved row: its ID and its inner product with the query.</summary>
public readonly record struct ScoredId(long Id, float Score);
