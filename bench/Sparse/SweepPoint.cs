using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Sparse;

/// <summary>Pull and push figures at one shard count (0 for Redis) and one number of batches in flight.</summary>
internal sealed record SweepPoint(int Shards, int InFlight, Rate Pull, Rate Push);
