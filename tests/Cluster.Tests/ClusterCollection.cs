// In-process clusters in one test process must not run at the same time: their silos can be handed the same
// loopback ports, and messages then reach the other cluster's silos.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ParameterServer.Cluster.Tests;

/// <summary>The test classes that share one two-silo cluster (training + serving).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TrainingServingClusterFixture>
{
    public const string Name = "training and serving cluster";
}
