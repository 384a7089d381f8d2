using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// The yardsticks (a plain copy, write and read of the same number of bytes) and page-cache control: fsync so one
/// step's dirty pages are not written back during the next, and eviction of one file so a restore reads the disk.
/// </summary>
internal static partial class PlainFileIo
{
    private const int ChunkBytes = 1 << 20;
    private const int PosixFadviseDontNeed = 4;

    /// <summary>File.Copy (on Linux an in-kernel copy) of <paramref name="source"/>; its pages are cached after the
    /// snapshot wrote them, as the table's rows are in memory for the snapshot.</summary>
    public static Measured Copy(string source, string destination)
    {
        var bytes = new FileInfo(source).Length;
        var started = Stopwatch.GetTimestamp();
        File.Copy(source, destination, overwrite: true);
        return new Measured(bytes, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Writes <paramref name="bytes"/> from a 1 MiB buffer through a FileStream opened as the local store
    /// opens a part: the least a snapshot of that size can cost without the table, the format or the hash.</summary>
    public static async Task<Measured> Write(string path, long bytes)
    {
        var chunk = new byte[ChunkBytes];
        new Random(5).NextBytes(chunk);
        var started = Stopwatch.GetTimestamp();
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            for (long written = 0; written < bytes; written += ChunkBytes)
            {
                await file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, bytes - written)));
            }
        }

        return new Measured(bytes, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Reads the whole file through a FileStream opened as the local store opens a part, discarding it.</summary>
    public static async Task<Measured> Read(string path)
    {
        var chunk = new byte[ChunkBytes];
        long total = 0;
        var started = Stopwatch.GetTimestamp();
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            int read;
            while ((read = await file.ReadAsync(chunk)) > 0)
            {
                total += read;
            }
        }

        return new Measured(total, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>fsync: returns the seconds it took to write the file's dirty pages to disk.</summary>
    public static double FlushToDisk(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var started = Stopwatch.GetTimestamp();
        Check(Fsync((int)handle.DangerousGetHandle()), "fsync", path);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Writes the file back, then drops its pages from the page cache (this file only, not the machine's).</summary>
    public static void Evict(string path)
    {
        FlushToDisk(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var error = PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed);
        if (error != 0)
        {
            throw new IOException($"posix_fadvise(DONTNEED) of {path} failed with error {error}.");
        }
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            throw new IOException($"{call} of {path} failed with error {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    // Returns the error number itself (not errno).
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
