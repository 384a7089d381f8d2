namespace ParameterServer.Trainer.Tests;

[CollectionDefinition(Name)]
public sealed class TrainerClusterCollection : ICollectionFixture<TrainerClusterFixture>
{
    public const string Name = "trainer cluster";
}
