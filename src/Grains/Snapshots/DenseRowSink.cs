using System.Text.Json;

namespace ParameterServer.Grains.Snapshots;

/// <summary>Reads a dense part back: one row whose ID is the version, values the weights, state m then v.</summary>
internal sealed class DenseRowSink(SnapshotPartHeader header, string name) : ISnapshotRowSink
{
    public DenseModelSnapshot? Model { get; private set; }

    public void Rows(ReadOnlySpan<long> ids, ReadOnlySpan<long> updatedAtMs, ReadOnlySpan<float> values, ReadOnlySpan<float> state)
    {
        if (ids.Length != 1 || Model is not null)
        {
            throw new SnapshotFormatException($"Dense snapshot part {name} must hold exactly one row.");
        }

        var config = JsonSerializer.Deserialize<DenseModelConfig>(header.TableConfigJson)
            ?? throw new SnapshotFormatException($"Dense snapshot part {name} has no model configuration.");
        var parameters = header.Dimension;
        Model = new DenseModelSnapshot(config, ids[0], values.ToArray(), state[..parameters].ToArray(), state[parameters..].ToArray());
    }

    public void Tombstones(ReadOnlySpan<long> ids) =>
        throw new SnapshotFormatException($"Dense snapshot part {name} holds tombstones; it is corrupt.");
}
