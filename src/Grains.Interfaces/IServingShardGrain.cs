namespace ParameterServer;

/// <summary>
/// The serving copy of one shard (key: shard number, extension: table name): values only, kept fresh by the
/// training shard's sync stream.
/// </summary>
[Alias("ps.IServingShardGrain")]
public interface IServingShardGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Rows for inference; an unknown ID gets its initial row, never an error.</summary>
    [Alias("Lookup")]
    Task<ValueBatch> Lookup(IdBatch ids);

    /// <summary>This shard's k rows with the highest inner product with the query, best first (ties: smaller ID).</summary>
    [Alias("TopK")]
    Task<TopKReply> TopK(TopKQuery query);

    /// <summary>Applies one step of the sync stream, or asks for a full copy on a gap or restart.</summary>
    [Alias("ApplySync")]
    Task<SyncReply> ApplySync(SyncBatch batch);

    [Alias("GetStats")]
    Task<ShardStats> GetStats();

    /// <summary>Writes this copy's rows into a full snapshot (a warm start for serving after a cluster restart).</summary>
    [Alias("WriteSnapshotPart"), Orleans.Concurrency.AlwaysInterleave, ResponseTimeout("01:00:00")]
    Task<SnapshotPartResult> WriteSnapshotPart(SnapshotPartRequest request);

    /// <summary>Forgets every row and deactivates (the table was dropped).</summary>
    [Alias("Drop")]
    Task Drop();
}
