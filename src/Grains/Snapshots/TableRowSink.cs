using ParameterServer.Embeddings;

namespace ParameterServer.Grains.Snapshots;

/// <summary>Imports a shard's part into a table: rows with their state, tombstones removed.</summary>
internal sealed class TableRowSink(EmbeddingTable table) : ISnapshotRowSink
{
    public void Rows(ReadOnlySpan<long> ids, ReadOnlySpan<long> updatedAtMs, ReadOnlySpan<float> values, ReadOnlySpan<float> state) =>
        table.Import(ids, values, state, updatedAtMs);

    public void Tombstones(ReadOnlySpan<long> ids) => table.Remove(ids);
}
