namespace ParameterServer.Realtime;

/// <summary>One event of the <c>features</c> stream: impressions of one partition.</summary>
[GenerateSerializer, Immutable, Alias("ps.FeatureBatch")]
public sealed record FeatureBatch([property: Id(0)] ServedFeatures[] Items);
