namespace ParameterServer;

/// <summary>
/// One shard of a table in the training pool (key: shard number, extension: table name): rows with optimizer state.
/// Its timer sends changed rows to the <see cref="IServingShardGrain"/> of the same key.
/// </summary>
[Alias("ps.ITrainingShardGrain")]
public interface ITrainingShardGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Rows for training; each ID counts toward admission and an admitted ID gets a row.</summary>
    [Alias("Pull")]
    Task<ValueBatch> Pull(IdBatch ids);

    /// <summary>Applies gradients with the table's optimizer; the whole batch or nothing.</summary>
    [Alias("Push")]
    Task<PushReply> Push(RowBatch gradients);

    [Alias("GetStats")]
    Task<ShardStats> GetStats();

    /// <summary>Forgets every row and deactivates (the table was dropped).</summary>
    [Alias("Drop")]
    Task Drop();
}
