using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ParameterServer.Grains.Hosting;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// Writes cluster snapshots: asks every shard of every table for its part (a few at a time), then writes the
/// manifest, which is what makes the snapshot exist. Reminders drive the daily full snapshot and the incremental
/// ones; a failed snapshot is retried after <see cref="SnapshotOptions.RetryDelay"/>, as a full one.
/// </summary>
internal sealed partial class SnapshotGrain(
    [PersistentState("snapshots", ParameterServerSiloBuilderExtensions.RegistryStorageName)] IPersistentState<SnapshotCoordinatorState> state,
    IOptions<SnapshotOptions> options,
    TimeProvider time,
    ILogger<SnapshotGrain> logger,
    IServiceProvider services) : Grain, ISnapshotGrain, IRemindable
{
    private const string FullReminder = "full-snapshot";
    private const string IncrementalReminder = "incremental-snapshot";

    private readonly SnapshotOptions _options = options.Value;
    private readonly SnapshotCatalog? _catalog = services.GetService<SnapshotCatalog>();
    private IGrainTimer? _retry;

    private SnapshotCatalog Catalog => _catalog ?? throw new SnapshotFailedException("Snapshots are turned off (Snapshots:Store is None).");

    public async Task EnsureScheduled()
    {
        if (_catalog is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var untilDaily = _options.DailyAtUtc - now.TimeOfDay;
        if (untilDaily <= TimeSpan.Zero)
        {
            untilDaily += TimeSpan.FromDays(1);
        }

        await EnsureReminder(FullReminder, untilDaily, _options.FullInterval);
        if (_options.IncrementalInterval > TimeSpan.Zero)
        {
            await EnsureReminder(IncrementalReminder, _options.IncrementalInterval, _options.IncrementalInterval);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await SnapshotNow(reminderName == FullReminder ? SnapshotKind.Full : SnapshotKind.Incremental);
        }
        catch (SnapshotFailedException)
        {
            // Logged, and a retry is scheduled; the reminder itself must not fail.
        }
    }

    public async Task<SnapshotInfo> SnapshotNow(SnapshotKind kind)
    {
        var catalog = Catalog;
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var id = SnapshotId(started, kind);
        SnapshotManifest manifest;
        try
        {
            var manifests = await catalog.Manifests(CancellationToken.None);
            var previous = manifests.FirstOrDefault(m => SnapshotCatalog.ChainEndingAt(m, manifests) is not null);
            if (kind == SnapshotKind.Incremental && (previous is null || state.State.NextMustBeFull))
            {
                kind = SnapshotKind.Full;
                id = SnapshotId(started, kind);
            }

            var registry = GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key);
            var tables = await registry.ListTables();
            var parts = await WriteParts(id, kind, tables, await registry.ListDenseModels());
            manifest = new SnapshotManifest
            {
                FormatVersion = SnapshotManifest.CurrentFormatVersion,
                Id = id,
                Kind = kind,
                BaseId = kind == SnapshotKind.Incremental ? previous!.Id : null,
                CreatedAt = started,
                Duration = clock.Elapsed,
                Tables = tables,
                Parts = parts,
            };
            await catalog.Store.WriteManifest(manifest, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Shards may have taken their changes into parts that no manifest lists: only a full snapshot is whole.
            state.State.NextMustBeFull = true;
            await TryWriteState();
            ScheduleRetry();
            LogSnapshotFailed(logger, e, id, _options.RetryDelay);
            throw new SnapshotFailedException($"Snapshot {id} failed and is not visible; a full snapshot is retried in {_options.RetryDelay}: {e.Message}");
        }

        state.State.NextMustBeFull = false;
        state.State.LastSnapshotId = id;
        await TryWriteState();
        _retry?.Dispose();
        _retry = null;
        var info = manifest.ToInfo();
        LogSnapshotWritten(logger, id, kind, info.Parts, info.Rows, info.Bytes, clock.Elapsed.TotalSeconds);
        if (kind == SnapshotKind.Full)
        {
            await DeleteBeyondRetention(catalog);
        }

        return info;
    }

    public async Task<SnapshotInfo[]> ListSnapshots()
    {
        try
        {
            return (await Catalog.Manifests(CancellationToken.None)).Select(m => m.ToInfo()).ToArray();
        }
        catch (Exception e) when (e is not ParameterServerException)
        {
            throw new SnapshotFailedException($"The snapshot store at {Catalog.Store.Location} cannot be listed: {e.Message}");
        }
    }

    public async Task<int> Restore(string snapshotId)
    {
        var catalog = Catalog;
        var manifests = await catalog.Manifests(CancellationToken.None);
        var target = manifests.FirstOrDefault(m => m.Id == snapshotId)
            ?? throw new UnknownSnapshotException($"No complete snapshot has id '{snapshotId}'; ListSnapshots shows the ones there are.");
        if (SnapshotCatalog.ChainEndingAt(target, manifests) is null)
        {
            throw new SnapshotFailedException($"Snapshot '{snapshotId}' cannot be restored: its chain back to a full snapshot is incomplete.");
        }

        var registry = GrainFactory.GetGrain<ITableRegistryGrain>(ITableRegistryGrain.Key);
        var restores = new List<Task>();
        foreach (var table in target.Tables)
        {
            var current = await registry.TryDescribeTable(table.Name);
            if (current?.Generation != table.Generation)
            {
                LogTableSkipped(logger, table.Name, snapshotId, table.Generation, current?.Generation);
                continue;
            }

            for (var shard = 0; shard < table.Shards; shard++)
            {
                restores.Add(GrainFactory.GetGrain<ITrainingShardGrain>(shard, table.Name).RestoreFrom(snapshotId));
            }
        }

        var denseModels = target.Parts.Where(p => (SnapshotPartKind)p.PartKind == SnapshotPartKind.Dense).Select(p => p.Table).ToArray();
        await Task.WhenAll(restores.Concat(denseModels.Select(model => GrainFactory.GetGrain<ITrainingDenseGrain>(model).RestoreFrom(snapshotId))));
        LogRestored(logger, snapshotId, restores.Count);

        // What follows extends the restored state, so the chain restarts from a full snapshot.
        state.State.NextMustBeFull = true;
        await TryWriteState();
        return restores.Count;
    }

    private static string SnapshotId(DateTimeOffset started, SnapshotKind kind) =>
        $"{started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture)}-{(kind == SnapshotKind.Full ? "full" : "incr")}";

    private async Task<SnapshotPartResult[]> WriteParts(string id, SnapshotKind kind, TableConfig[] tables, string[] denseModels)
    {
        var request = new SnapshotPartRequest { SnapshotId = id, Kind = kind };
        using var slots = new SemaphoreSlim(_options.ParallelShards);
        using var failed = new CancellationTokenSource();
        var writes = new List<Task<SnapshotPartResult>>();
        foreach (var table in tables)
        {
            for (var shard = 0; shard < table.Shards; shard++)
            {
                writes.Add(Throttled(GrainFactory.GetGrain<ITrainingShardGrain>(shard, table.Name).WriteSnapshotPart));
                if (kind == SnapshotKind.Full)
                {
                    writes.Add(Throttled(GrainFactory.GetGrain<IServingShardGrain>(shard, table.Name).WriteSnapshotPart));
                }
            }
        }

        // Dense models are small beside the tables: every snapshot, full or incremental, carries them whole.
        foreach (var model in denseModels)
        {
            writes.Add(Throttled(GrainFactory.GetGrain<ITrainingDenseGrain>(model).WriteSnapshotPart));
        }

        return await Task.WhenAll(writes);

        // Once one part fails the snapshot is lost, so parts not yet started are not started.
        async Task<SnapshotPartResult> Throttled(Func<SnapshotPartRequest, Task<SnapshotPartResult>> write)
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                failed.Token.ThrowIfCancellationRequested();
                return await write(request);
            }
            catch
            {
                failed.Cancel();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private async Task DeleteBeyondRetention(SnapshotCatalog catalog)
    {
        var manifests = await catalog.Manifests(CancellationToken.None);
        var fulls = manifests.Where(m => m.Kind == SnapshotKind.Full).ToArray();
        if (fulls.Length <= _options.Keep)
        {
            return;
        }

        var oldestKept = fulls[_options.Keep - 1].CreatedAt;
        foreach (var old in manifests.Where(m => m.CreatedAt < oldestKept))
        {
            await catalog.Store.Delete(old.Id, CancellationToken.None);
            LogDeleted(logger, old.Id);
        }

    }

    private async Task EnsureReminder(string name, TimeSpan dueTime, TimeSpan period)
    {
        // Re-registering would move the next firing, so a reminder that already has this period is left alone.
        var existing = await this.GetReminder(name);
        if (existing is null)
        {
            await this.RegisterOrUpdateReminder(name, dueTime, period);
        }
    }

    private void ScheduleRetry()
    {
        _retry ??= this.RegisterGrainTimer(
            async () =>
            {
                _retry?.Dispose();
                _retry = null;
                try
                {
                    await SnapshotNow(SnapshotKind.Full);
                }
                catch (SnapshotFailedException)
                {
                    // SnapshotNow scheduled the next retry.
                }
            },
            new GrainTimerCreationOptions { DueTime = _options.RetryDelay, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task TryWriteState()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The flag is kept in memory and written with the next snapshot; storage may be what failed.
            LogStateNotWritten(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot {SnapshotId} ({Kind}) written: {Parts} parts, {Rows} rows, {Bytes} bytes in {Seconds:0.00} s")]
    private static partial void LogSnapshotWritten(ILogger logger, string snapshotId, SnapshotKind kind, int parts, long rows, long bytes, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Snapshot {SnapshotId} failed; a full snapshot is retried in {RetryDelay}")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string snapshotId, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted snapshot {SnapshotId} (beyond the retention)")]
    private static partial void LogDeleted(ILogger logger, string snapshotId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table {Table} not rolled back to snapshot {SnapshotId}: the snapshot holds generation {SnapshotGeneration}, the registry {CurrentGeneration}")]
    private static partial void LogTableSkipped(ILogger logger, string table, string snapshotId, long snapshotGeneration, long? currentGeneration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolled back to snapshot {SnapshotId}: {Shards} training shards restored")]
    private static partial void LogRestored(ILogger logger, string snapshotId, int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot coordinator state was not written")]
    private static partial void LogStateNotWritten(ILogger logger, Exception exception);
}
