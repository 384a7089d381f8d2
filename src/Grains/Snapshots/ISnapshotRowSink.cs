namespace ParameterServer.Grains.Snapshots;

/// <summary>Where a part's blocks go as they are read: a table's rows, or a dense model's weights.</summary>
internal interface ISnapshotRowSink
{
    void Rows(ReadOnlySpan<long> ids, ReadOnlySpan<long> updatedAtMs, ReadOnlySpan<float> values, ReadOnlySpan<float> state);

    void Tombstones(ReadOnlySpan<long> ids);
}
