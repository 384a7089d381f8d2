namespace ParameterServer.Trainer.Training;

/// <summary>Where a model reads embedding rows: the training pool, the serving pool, or a local table.</summary>
public interface IEmbeddingReader
{
    /// <summary>Rows of <paramref name="ids"/> (ids.Length × the table's dimension floats), in the caller's order.</summary>
    Task Pull(string table, ReadOnlyMemory<long> ids, Memory<float> rows);
}
