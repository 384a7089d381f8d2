using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ParameterServer.Embeddings.Internal;

/// <summary>Software prefetch: batches touch random rows, so issuing loads for a group before using it overlaps the misses.</summary>
internal static unsafe class Prefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Line(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    /// <summary>Prefetches the cache lines of <paramref name="bytes"/> bytes starting at a 64-byte aligned address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Lines(byte* address, int bytes)
    {
        if (Sse.IsSupported)
        {
            for (int offset = 0; offset < bytes; offset += AlignedBuffer.Alignment)
            {
                Sse.Prefetch0(address + offset);
            }
        }
    }
}
