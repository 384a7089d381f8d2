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

    /// <summary>Writes this shard's part of a snapshot. Interleaves with pulls and pushes, which go on meanwhile;
    /// the part ends with the changes they made, so it holds the shard exactly as it was when the part completed.</summary>
    [Alias("WriteSnapshotPart"), Orleans.Concurrency.AlwaysInterleave, ResponseTimeout("01:00:00")]
    Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request);

    /// <summary>Replaces the rows by those of the snapshot chain ending at <paramref name="snapshotId"/>.</summary>
    [Alias("RestoreFrom"), ResponseTimeout("01:00:00")]
    Task RestoreFrom(string snapshotId);

    /// <summary>Forgets every row and deactivates (the table was dropped).</summary>
    [Alias("Drop")]
    Task Drop();
}
