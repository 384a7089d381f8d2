namespace ParameterServer.Trainer.Training;

/// <summary>Rows from the cluster's serving pool (what inference sees, eagerly synced from training).</summary>
public sealed class ServingPoolEmbeddings(ParameterServerClient client) : IEmbeddingReader
{
    public Task Pull(string table, ReadOnlyMemory<long> ids, Memory<float> rows) => client.Lookup(table, ids, rows);
}
