namespace ParameterServer.Trainer.Training;

/// <summary>Rows from the cluster's training pool through the SDK; pushes run the table's optimizer on the shards.</summary>
public sealed class TrainingPoolEmbeddings(ParameterServerClient client) : IEmbeddingStore
{
    public Task Pull(string table, ReadOnlyMemory<long> ids, Memory<float> rows) => client.PullForTraining(table, ids, rows);

    public Task Push(string table, ReadOnlyMemory<long> ids, ReadOnlyMemory<float> gradients) => client.PushGradients(table, ids, gradients);
}
