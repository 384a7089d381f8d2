namespace ParameterServer.Operations.Tests;

[CollectionDefinition(Name)]
public sealed class OperationsSiloCollection : ICollectionFixture<OperationsSiloFixture>
{
    public const string Name = "operations silo";
}
