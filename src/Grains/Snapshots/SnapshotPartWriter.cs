using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// Streams a part: the caller fills the column buffers (<see cref="Ids"/>, <see cref="Values"/>, …) with up to
/// <see cref="BlockRows"/> rows straight from the table, then writes them as one block. Only one block is ever in
/// memory, whatever the shard's size. Columns are kept as bytes so they are written without a copy.
/// </summary>
internal sealed class SnapshotPartWriter
{
    private readonly Stream _destination;
    private readonly XxHash64 _hash = new();
    private readonly byte[] _ids;
    private readonly byte[] _updatedAtMs;
    private readonly byte[] _values;
    private readonly byte[] _state;
    private readonly byte[] _scratch = new byte[64];
    private long _rows;
    private long _tombstones;
    private long _bytes;

    private SnapshotPartWriter(Stream destination, int blockRows, int dimension, int stateWidth)
    {
        _destination = destination;
        BlockRows = blockRows;
        _ids = new byte[blockRows * sizeof(long)];
        _updatedAtMs = new byte[blockRows * sizeof(long)];
        _values = new byte[blockRows * dimension * sizeof(float)];
        _state = new byte[blockRows * stateWidth * sizeof(float)];
    }

    public int BlockRows { get; }

    public Span<long> Ids => MemoryMarshal.Cast<byte, long>(_ids.AsSpan());

    public Span<long> UpdatedAtMs => MemoryMarshal.Cast<byte, long>(_updatedAtMs.AsSpan());

    public Span<float> Values => MemoryMarshal.Cast<byte, float>(_values.AsSpan());

    public Span<float> State => MemoryMarshal.Cast<byte, float>(_state.AsSpan());

    /// <summary>Writes the header and returns a writer for the blocks.</summary>
    public static async Task<SnapshotPartWriter> Start(Stream destination, SnapshotPartHeader header, int blockRows, CancellationToken cancellationToken)
    {
        var writer = new SnapshotPartWriter(destination, blockRows, header.Dimension, header.StateWidth);
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(SnapshotPartFormat.Magic);
        WriteInt32(buffer, SnapshotPartFormat.Version);
        WriteInt32(buffer, (int)header.Kind);
        WriteString(buffer, header.Table);
        WriteInt32(buffer, header.Shard);
        WriteInt64(buffer, header.Generation);
        WriteInt32(buffer, header.Dimension);
        WriteInt32(buffer, header.StateWidth);
        WriteString(buffer, header.TableConfigJson);
        await writer.Write(buffer.WrittenMemory, cancellationToken);
        return writer;
    }

    /// <summary>Writes the first <paramref name="count"/> rows of the column buffers as one block.</summary>
    public async Task WriteRows(int count, int dimension, int stateWidth, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        await WriteBlockHeader(SnapshotPartFormat.RowBlock, count, cancellationToken);
        await Write(_ids.AsMemory(0, count * sizeof(long)), cancellationToken);
        await Write(_updatedAtMs.AsMemory(0, count * sizeof(long)), cancellationToken);
        await Write(_values.AsMemory(0, count * dimension * sizeof(float)), cancellationToken);
        await Write(_state.AsMemory(0, count * stateWidth * sizeof(float)), cancellationToken);
        _rows += count;
    }

    /// <summary>Writes the first <paramref name="count"/> entries of <see cref="Ids"/> as tombstones.</summary>
    public async Task WriteTombstones(int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        await WriteBlockHeader(SnapshotPartFormat.TombstoneBlock, count, cancellationToken);
        await Write(_ids.AsMemory(0, count * sizeof(long)), cancellationToken);
        _tombstones += count;
    }

    /// <summary>Writes the footer and flushes; the summary goes into the manifest.</summary>
    public async Task<SnapshotPartSummary> Complete(CancellationToken cancellationToken)
    {
        await WriteBlockHeader(SnapshotPartFormat.EndBlock, 0, cancellationToken);
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, _rows);
        BinaryPrimitives.WriteInt64LittleEndian(_scratch.AsSpan(8), _tombstones);
        await Write(_scratch.AsMemory(0, 16), cancellationToken);
        var checksum = _hash.GetCurrentHashAsUInt64();
        BinaryPrimitives.WriteUInt64LittleEndian(_scratch, checksum);
        await _destination.WriteAsync(_scratch.AsMemory(0, 8), cancellationToken);
        await _destination.FlushAsync(cancellationToken);
        return new SnapshotPartSummary(_rows, _tombstones, _bytes + 8, checksum);
    }

    private Task WriteBlockHeader(int type, int count, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, type);
        BinaryPrimitives.WriteInt32LittleEndian(_scratch.AsSpan(4), count);
        return Write(_scratch.AsMemory(0, 8), cancellationToken);
    }

    private async Task Write(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _hash.Append(bytes.Span);
        _bytes += bytes.Length;
        await _destination.WriteAsync(bytes, cancellationToken);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(buffer, bytes.Length);
        buffer.Write(bytes);
    }
}
