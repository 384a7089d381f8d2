namespace ParameterServer.Trainer.Training;

/// <summary>Embedding rows a trainer reads and updates: the sparse optimizer runs where the rows live.</summary>
public interface IEmbeddingStore : IEmbeddingReader
{
    /// <summary>Applies gradients of unique <paramref name="ids"/>.</summary>
    Task Push(string table, ReadOnlyMemory<long> ids, ReadOnlyMemory<float> gradients);
}
