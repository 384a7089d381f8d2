using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using ParameterServer.Embeddings;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// Reads a part written by <see cref="SnapshotPartWriter"/> into a table, block by block. The checksum is known only
/// at the end, so callers restore into a fresh table and keep it only when every part of the chain verified.
/// </summary>
internal sealed class SnapshotPartReader
{
    /// <summary>Largest block a valid writer produces; a larger count means a corrupt file, not a huge allocation.</summary>
    public const int MaxBlockRows = 1 << 20;

    private readonly Stream _source;
    private readonly string _name;
    private readonly XxHash64 _hash = new();
    private readonly byte[] _scratch = new byte[64];
    private byte[] _buffer = [];

    private SnapshotPartReader(Stream source, string name)
    {
        _source = source;
        _name = name;
    }

    /// <summary>Applies the part at <paramref name="source"/> to <paramref name="table"/> after checking it is the
    /// part <paramref name="expected"/> describes (kind, table, shard, generation, dimension, state width).
    /// Throws <see cref="SnapshotFormatException"/> for anything else, including a truncated file or a bad checksum.</summary>
    public static Task<SnapshotPartSummary> ApplyTo(
        Stream source, string name, SnapshotPartHeader expected, EmbeddingTable table, CancellationToken cancellationToken) =>
        Read(source, name, actual => actual with { TableConfigJson = "" } == expected with { TableConfigJson = "" }
            ? new TableRowSink(table)
            : throw new SnapshotFormatException($"Snapshot part {name} holds {Describe(actual)}; expected {Describe(expected)}."),
            cancellationToken);

    /// <summary>Reads a part into the sink that <paramref name="open"/> returns for its header (which may refuse it
    /// by throwing <see cref="SnapshotFormatException"/>); the checksum is verified at the end.</summary>
    public static async Task<SnapshotPartSummary> Read(
        Stream source, string name, Func<SnapshotPartHeader, ISnapshotRowSink> open, CancellationToken cancellationToken)
    {
        var reader = new SnapshotPartReader(source, name);
        try
        {
            return await reader.Apply(open, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new SnapshotFormatException($"Snapshot part {name} is truncated.");
        }
    }

    private async Task<SnapshotPartSummary> Apply(Func<SnapshotPartHeader, ISnapshotRowSink> open, CancellationToken cancellationToken)
    {
        var magic = await Read(SnapshotPartFormat.Magic.Length, cancellationToken);
        if (!magic.Span.SequenceEqual(SnapshotPartFormat.Magic))
        {
            throw new SnapshotFormatException($"Snapshot part {_name} does not start with the part magic; it is not a snapshot part.");
        }

        var version = await ReadInt32(cancellationToken);
        if (version != SnapshotPartFormat.Version)
        {
            throw new SnapshotFormatException(
                $"Snapshot part {_name} has format version {version}; this build reads version {SnapshotPartFormat.Version}.");
        }

        var actual = new SnapshotPartHeader(
            (SnapshotPartKind)await ReadInt32(cancellationToken),
            await ReadString(cancellationToken),
            await ReadInt32(cancellationToken),
            await ReadInt64(cancellationToken),
            await ReadInt32(cancellationToken),
            await ReadInt32(cancellationToken),
            await ReadString(cancellationToken));
        var sink = open(actual);

        var dimension = actual.Dimension;
        var stateWidth = actual.StateWidth;
        long rows = 0, tombstones = 0;
        while (true)
        {
            var type = await ReadInt32(cancellationToken);
            var count = await ReadInt32(cancellationToken);
            if (type == SnapshotPartFormat.EndBlock)
            {
                break;
            }

            if (count is < 0 or > MaxBlockRows)
            {
                throw new SnapshotFormatException($"Snapshot part {_name} has a block of {count} rows; the file is corrupt.");
            }

            switch (type)
            {
                case SnapshotPartFormat.RowBlock:
                    var rowBytes = count * (2 * sizeof(long) + (dimension + stateWidth) * sizeof(float));
                    var block = (await Read(rowBytes, cancellationToken)).Span;
                    var ids = MemoryMarshal.Cast<byte, long>(block[..(count * sizeof(long))]);
                    block = block[(count * sizeof(long))..];
                    var updatedAt = MemoryMarshal.Cast<byte, long>(block[..(count * sizeof(long))]);
                    block = block[(count * sizeof(long))..];
                    var values = MemoryMarshal.Cast<byte, float>(block[..(count * dimension * sizeof(float))]);
                    var state = MemoryMarshal.Cast<byte, float>(block[(count * dimension * sizeof(float))..]);
                    sink.Rows(ids, updatedAt, values, state);
                    rows += count;
                    break;
                case SnapshotPartFormat.TombstoneBlock:
                    sink.Tombstones(MemoryMarshal.Cast<byte, long>((await Read(count * sizeof(long), cancellationToken)).Span));
                    tombstones += count;
                    break;
                default:
                    throw new SnapshotFormatException($"Snapshot part {_name} has a block of unknown type {type}; the file is corrupt.");
            }
        }

        var footerRows = await ReadInt64(cancellationToken);
        var footerTombstones = await ReadInt64(cancellationToken);
        var computed = _hash.GetCurrentHashAsUInt64();
        await _source.ReadExactlyAsync(_scratch.AsMemory(0, 8), cancellationToken);
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
        if (stored != computed || footerRows != rows || footerTombstones != tombstones)
        {
            throw new SnapshotFormatException(
                $"Snapshot part {_name} fails its checksum (stored {stored:x16}, computed {computed:x16}; rows {footerRows}/{rows}, tombstones {footerTombstones}/{tombstones}).");
        }

        if (await _source.ReadAsync(_scratch.AsMemory(0, 1), cancellationToken) != 0)
        {
            throw new SnapshotFormatException($"Snapshot part {_name} has bytes after its footer; the file is corrupt.");
        }

        return new SnapshotPartSummary(rows, tombstones, 0, computed);
    }

    private async ValueTask<ReadOnlyMemory<byte>> Read(int count, CancellationToken cancellationToken)
    {
        if (_buffer.Length < count)
        {
            _buffer = new byte[Math.Max(count, _buffer.Length * 2)];
        }

        var memory = _buffer.AsMemory(0, count);
        await _source.ReadExactlyAsync(memory, cancellationToken);
        _hash.Append(memory.Span);
        return memory;
    }

    private async ValueTask<int> ReadInt32(CancellationToken cancellationToken) =>
        BinaryPrimitives.ReadInt32LittleEndian((await Read(4, cancellationToken)).Span);

    private async ValueTask<long> ReadInt64(CancellationToken cancellationToken) =>
        BinaryPrimitives.ReadInt64LittleEndian((await Read(8, cancellationToken)).Span);

    private async ValueTask<string> ReadString(CancellationToken cancellationToken)
    {
        var length = await ReadInt32(cancellationToken);
        if (length is < 0 or > 1 << 20)
        {
            throw new SnapshotFormatException($"Snapshot part {_name} has a string of {length} bytes in its header; the file is corrupt.");
        }

        return Encoding.UTF8.GetString((await Read(length, cancellationToken)).Span);
    }

    public static string Describe(SnapshotPartHeader h) =>
        $"{h.Kind} of table '{h.Table}' generation {h.Generation} shard {h.Shard} (dimension {h.Dimension}, state width {h.StateWidth})";
}
