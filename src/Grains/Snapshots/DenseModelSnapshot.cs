namespace ParameterServer.Grains.Snapshots;

/// <summary>A dense model as a snapshot holds it: configuration, version (Adam steps), weights and Adam's moments.</summary>
public sealed record DenseModelSnapshot(DenseModelConfig Config, long Version, float[] Weights, float[] FirstMoments, float[] SecondMoments);
