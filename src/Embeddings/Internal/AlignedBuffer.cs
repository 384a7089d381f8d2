using System.Runtime.InteropServices;

namespace ParameterServer.Embeddings.Internal;

/// <summary>
/// A 64-byte aligned native block. Native rather than pinned GC arrays because a managed float[] starts 16 B into a
/// cache line and pinning many large arrays fragments the GC heap; a SafeHandle frees the block even if the owner is
/// never disposed.
/// </summary>
internal sealed unsafe class AlignedBuffer : SafeHandle
{
    public const int Alignment = 64;

    public AlignedBuffer(long bytes, bool zeroed)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Bytes = bytes;
        var p = NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
        if (zeroed)
        {
            NativeMemory.Clear(p, (nuint)bytes);
        }

        SetHandle((IntPtr)p);
    }

    public long Bytes { get; }

    public byte* Pointer => (byte*)handle;

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
