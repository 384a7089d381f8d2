using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// Per-row bookkeeping, 32 bytes so two share a cache line, kept in a region of each slab apart from the values
/// so lookups stream only values. A free row keeps the next free row number in <see cref="Id"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct RowMeta
{
    /// <summary><see cref="Pending"/> of a row that is stored but not changed since the last take.</summary>
    public const int NotPending = -1;

    /// <summary><see cref="Pending"/> of a row on the free list.</summary>
    public const int Free = -2;

    public long Id;
    public long UpdatedAtMs;

    /// <summary>Position in the table's pending-change list (sync), or <see cref="NotPending"/> or <see cref="Free"/>.</summary>
    public int Pending;

    /// <summary>Position in the table's list of rows changed since the last snapshot, or <see cref="NotPending"/>.</summary>
    public int SnapshotPending;

    /// <summary>Gradient batch that last saw this row, and the row's position among that batch's distinct rows.</summary>
    public int BatchEpoch;
    public int BatchOrdinal;
}
