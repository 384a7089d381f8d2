using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// One slot of <see cref="RowIndex"/>, 16 bytes so four share a cache line:
/// bytes 0-7 the ID, bytes 8-11 row number + 1 (0 = empty, so zeroed memory is an empty index), 12-15 unused.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct IndexSlot
{
    public long Key;
    public int RowPlusOne;
}
