using System.Diagnostics;
using System.IO.Hashing;
using Azure.Storage.Blobs;
using ParameterServer.Bench.Common;
using ParameterServer.Embeddings;
using ParameterServer.Embeddings.Optimizers;
using ParameterServer.Grains.Snapshots;

namespace ParameterServer.Bench.Snapshot;

/// <summary>
/// `snapshot`: one Adagrad training shard written as a full snapshot and restored, to a local folder and to Azurite,
/// beside a plain copy, write and read of the same number of bytes in the same run.
/// </summary>
internal static class SnapshotCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns the exit code: 0 done, 1 a prerequisite is missing, 2 bad options.</summary>
    public static async Task<int> Run(string[] options)
    {
        var settings = SnapshotSettings.Full;
        foreach (var option in options)
        {
            if (option == "--quick")
            {
                settings = SnapshotSettings.Quick;
            }
            else
            {
                Console.Error.WriteLine($"snapshot: unknown option '{option}'. Options: --quick.");
                return 2;
            }
        }

        if (!File.Exists(AzuriteServer.Executable))
        {
            Console.Error.WriteLine($"snapshot: the Azurite run needs {AzuriteServer.Executable}; run `npm ci --prefix tools/azurite`.");
            return 1;
        }

        var folder = Path.Combine(Path.GetTempPath(), "ps-bench-snapshot-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine(SnapshotReport.Format(await Measure(settings, folder)));
            return 0;
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<SnapshotResult> Measure(SnapshotSettings settings, string folder)
    {
        var clock = Stopwatch.StartNew();
        var cpu = new CpuGauge();
        var config = new TableConfig
        {
            Name = SnapshotSettings.TableName,
            Shards = 1,
            Generation = 1,
            Embedding = new EmbeddingTableSettings { Dimension = SnapshotSettings.Dimension, Optimizer = SparseOptimizerSettings.Adagrad(0.05f) },
        };
        var local = new SnapshotStoreRun(new LocalFolderSnapshotStore(Path.Combine(folder, "snapshots")), config);
        var partPath = Path.Combine(folder, "snapshots", SnapshotStoreRun.SnapshotId, ShardSnapshots.PartName(config.Name, 0, training: true));

        using var azurite = await AzuriteServer.Start(Path.Combine(folder, "azurite"), StartTimeout);
        using var onSignal = new CleanupOnSignal(() =>
        {
            // Azurite first: it writes into the folder until it is killed.
            azurite.Dispose();
            DeleteFolder(folder);
        });
        var blobs = new AzureBlobSnapshotStore(new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(SnapshotOptions.DEFAULT_CONTAINER));
        var remote = new SnapshotStoreRun(blobs, config);
        Progress.Report($"azurite up ({clock.Elapsed.TotalSeconds:F1} s)");

        // The source table is dropped before any restore, so at most one table's rows (about 2.7 GB at 10M) are held.
        Measured populate, exportOnly, hashOnly, azuriteWrite;
        List<Measured> localWrites = [], fileCopies = [], fileWrites = [];
        List<double> fsyncs = [];
        int stateWidth;
        long partBytes;
        using (var table = new EmbeddingTable(config.Embedding with { InitialCapacity = settings.Rows }))
        {
            stateWidth = table.StateWidth;
            var started = Stopwatch.GetTimestamp();
            SyntheticRows.Populate(table, settings.Rows);
            populate = new Measured(0, settings.Rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
            Progress.Report($"populated {settings.Rows:N0} rows in {populate.Seconds:F1} s ({clock.Elapsed.TotalSeconds:F1} s)");

            // Each step starts with no dirty pages of the previous one left to write back (fsync, untimed) and
            // without the previous file (deleted, untimed), so no round pays for another's writeback or truncation.
            var copyPath = Path.Combine(folder, "copy.bin");
            for (var round = 0; round < settings.WriteRounds; round++)
            {
                if (round > 0)
                {
                    // Not before the first round: the local store's Delete throws for a snapshot folder that is missing.
                    await local.Delete();
                }

                localWrites.Add(await local.Write(table));
                fsyncs.Add(PlainFileIo.FlushToDisk(partPath));
                fileCopies.Add(PlainFileIo.Copy(partPath, copyPath));
                PlainFileIo.FlushToDisk(copyPath);
                File.Delete(copyPath);
                fileWrites.Add(await PlainFileIo.Write(copyPath, localWrites[^1].Bytes));
                PlainFileIo.FlushToDisk(copyPath);
                File.Delete(copyPath);
                Progress.Report($"round {round + 1}: snapshot {localWrites[^1].Seconds:F2} s (then fsync {fsyncs[^1]:F2} s), File.Copy {fileCopies[^1].Seconds:F2} s, FileStream write {fileWrites[^1].Seconds:F2} s ({clock.Elapsed.TotalSeconds:F1} s)");
            }

            partBytes = localWrites[^1].Bytes;
            exportOnly = ExportOnly(table, new SnapshotOptions().BlockRows);
            hashOnly = HashOnly(partBytes);
            Progress.Report($"export only {exportOnly.Seconds:F2} s, XxHash64 only {hashOnly.Seconds:F2} s ({clock.Elapsed.TotalSeconds:F1} s)");

            azuriteWrite = await remote.Write(table);
            Progress.Report($"azurite snapshot: {azuriteWrite.Seconds:F2} s ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        // Warm: the part's pages are still cached from the write. Cold: evicted first, as after a reboot or on a new node.
        var restoreWarm = await local.Restore(settings.Rows, partBytes);
        Progress.Report($"local restore (warm): {restoreWarm.Seconds:F2} s ({clock.Elapsed.TotalSeconds:F1} s)");
        PlainFileIo.Evict(partPath);
        var readCold = await PlainFileIo.Read(partPath);
        PlainFileIo.Evict(partPath);
        var restoreCold = await local.Restore(settings.Rows, partBytes);
        Progress.Report($"plain read (cold) {readCold.Seconds:F2} s, local restore (cold) {restoreCold.Seconds:F2} s ({clock.Elapsed.TotalSeconds:F1} s)");
        var azuriteRestore = await remote.Restore(settings.Rows, azuriteWrite.Bytes);
        Progress.Report($"azurite restore: {azuriteRestore.Seconds:F2} s; done in {clock.Elapsed.TotalSeconds:F1} s");
        cpu.AddChild(azurite.CpuTime);

        return new SnapshotResult
        {
            Settings = settings,
            StateWidth = stateWidth,
            Populate = populate,
            ExportOnly = exportOnly,
            HashOnly = hashOnly,
            LocalWrites = [.. localWrites],
            LocalFsyncSeconds = [.. fsyncs],
            FileCopies = [.. fileCopies],
            FileWrites = [.. fileWrites],
            AzuriteWrite = azuriteWrite,
            LocalRestoreWarm = restoreWarm,
            PlainReadCold = readCold,
            LocalRestoreCold = restoreCold,
            AzuriteRestore = azuriteRestore,
            AzuriteCpuSeconds = azurite.CpuTime.TotalSeconds,
            OtherCpuSeconds = cpu.Read(),
        };
    }

    /// <summary>The part writer's table pass alone: rows copied into block-sized column buffers, nothing else.</summary>
    private static Measured ExportOnly(EmbeddingTable table, int blockRows)
    {
        var ids = new long[blockRows];
        var updatedAt = new long[blockRows];
        var values = new float[blockRows * table.Dimension];
        var state = new float[blockRows * table.StateWidth];
        var cursor = 0;
        long rows = 0;
        int count;
        var started = Stopwatch.GetTimestamp();
        while ((count = table.Export(ref cursor, ids, values, state, updatedAt)) > 0)
        {
            rows += count;
        }

        var bytes = rows * (2 * sizeof(long) + (table.Dimension + table.StateWidth) * sizeof(float));
        return new Measured(bytes, rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The part's checksum alone: XxHash64 over as many bytes, appended in 4 MiB pieces as blocks are.</summary>
    private static Measured HashOnly(long bytes)
    {
        var chunk = new byte[4 << 20];
        new Random(7).NextBytes(chunk);
        var hash = new XxHash64();
        var started = Stopwatch.GetTimestamp();
        for (long done = 0; done < bytes; done += chunk.Length)
        {
            hash.Append(chunk.AsSpan(0, (int)Math.Min(chunk.Length, bytes - done)));
        }

        GC.KeepAlive(hash.GetCurrentHashAsUInt64());
        return new Measured(bytes, 0, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
