namespace ParameterServer;

/// <summary>
/// One step of the training → serving stream of a shard. <see cref="Epoch"/> names the training activation and
/// <see cref="Sequence"/> counts its batches from 1 without gaps, so the serving side can tell a lost batch or a
/// restart on either side and ask for a full copy. A full copy is a run of batches, the first with
/// <see cref="Reset"/> (serving clears first) and the last with <see cref="Complete"/>.
/// Tombstones are applied before rows.
/// </summary>
[GenerateSerializer, Immutable, Alias("ps.SyncBatch")]
public sealed class SyncBatch
{
    [Id(0)] public required long Epoch { get; init; }

    [Id(1)] public required long Sequence { get; init; }

    [Id(2)] public bool Reset { get; init; }

    [Id(3)] public bool Complete { get; init; }

    [Id(4)] public required byte[] IdBytes { get; init; }

    /// <summary>Row count × dimension floats.</summary>
    [Id(5)] public required byte[] ValueBytes { get; init; }

    /// <summary>Last update of each row, Unix milliseconds, for the sync-lag figure.</summary>
    [Id(6)] public required byte[] UpdatedAtBytes { get; init; }

    [Id(7)] public required byte[] TombstoneBytes { get; init; }

    /// <summary>Dimension of the rows, checked by the receiver.</summary>
    [Id(8)] public required int Dimension { get; init; }

    public int RowCount => IdBytes.Length / sizeof(long);

    public ReadOnlySpan<long> Ids => BulkBytes.AsLongs(IdBytes);

    public ReadOnlySpan<float> Values => BulkBytes.AsFloats(ValueBytes);

    public ReadOnlySpan<long> UpdatedAtMs => BulkBytes.AsLongs(UpdatedAtBytes);

    public ReadOnlySpan<long> Tombstones => BulkBytes.AsLongs(TombstoneBytes);
}
