namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// Binary layout of a part, little-endian:
/// <code>
/// header : magic "PSSNAPSH" | int32 format version | int32 kind | string table | int32 shard | int64 generation
///          | int32 dimension | int32 state width | string table-config JSON        (string = int32 length + UTF-8)
/// blocks : int32 block type (1 rows, 2 tombstones) | int32 count | columns
///          rows:       count × int64 id | count × int64 updated-at ms | count × dimension float32 | count × state float32
///          tombstones: count × int64 id
/// footer : int32 0 | int32 0 | int64 rows | int64 tombstones | uint64 XxHash64 of every byte before it
/// </code>
/// Blocks are applied in file order (a tombstone after a row removes it), so a part can be streamed as it is written.
/// </summary>
internal static class SnapshotPartFormat
{
    public const int Version = 1;
    public const int RowBlock = 1;
    public const int TombstoneBlock = 2;
    public const int EndBlock = 0;

    public static ReadOnlySpan<byte> Magic => "PSSNAPSH"u8;
}
