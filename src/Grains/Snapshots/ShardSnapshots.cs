using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Telemetry;

namespace ParameterServer.Grains.Snapshots;

/// <summary>
/// How a shard writes its part of a snapshot and restores itself from the newest chain that verifies. Grains call it;
/// it holds no grain state.
/// </summary>
public sealed partial class ShardSnapshots(SnapshotCatalog catalog, IOptions<SnapshotOptions> options, ILogger<ShardSnapshots> logger)
{
    private readonly SnapshotOptions _options = options.Value;

    public static string PartName(string table, int shard, bool training) =>
        $"{table}/{(training ? "training" : "serving")}-{shard.ToString("D4", CultureInfo.InvariantCulture)}.part";

    /// <summary>
    /// Writes a training shard's part. A full part is every row, then every change made while the rows were written
    /// (the grain keeps serving pulls and pushes meanwhile); an incremental part is the changes since the previous
    /// snapshot. Either way the part ends when no change is left, which is the moment it describes.
    /// </summary>
    public async Task<SnapshotPartResult> WriteTrainingPart(
        EmbeddingTable table, TableConfig config, int shard, SnapshotPartRequest request, CancellationToken cancellationToken)
    {
        var full = request.Kind == SnapshotKind.Full;
        var header = Header(full ? SnapshotPartKind.TrainingFull : SnapshotPartKind.TrainingIncremental, config, shard, table.StateWidth);
        return await Write(request.SnapshotId, PartName(config.Name, shard, training: true), header, async writer =>
        {
            if (full)
            {
                table.DiscardSnapshotChanges();
                await WriteAllRows(table, writer, cancellationToken);
            }

            // Tombstones are taken (into the ID column) until none are pending; only then does a take return rows.
            while (table.SnapshotChangeCount > 0 || table.SnapshotTombstoneCount > 0)
            {
                if (table.SnapshotTombstoneCount > 0)
                {
                    var (_, tombstones) = table.TakeSnapshotChanges([], [], [], [], writer.Ids);
                    await writer.WriteTombstones(tombstones, cancellationToken);
                }
                else
                {
                    var (rows, _) = table.TakeSnapshotChanges(writer.Ids, writer.Values, writer.State, writer.UpdatedAtMs, []);
                    await writer.WriteRows(rows, table.Dimension, table.StateWidth, cancellationToken);
                }
            }
        }, cancellationToken);
    }

    /// <summary>Writes a serving copy's rows (values only) into a full snapshot.</summary>
    public Task<SnapshotPartResult> WriteServingPart(
        EmbeddingTable table, TableConfig config, int shard, SnapshotPartRequest request, CancellationToken cancellationToken) =>
        Write(
            request.SnapshotId,
            PartName(config.Name, shard, training: false),
            Header(SnapshotPartKind.ServingFull, config, shard, stateWidth: 0),
            writer => WriteAllRows(table, writer, cancellationToken),
            cancellationToken);

    /// <summary>Writes a dense model's weights and Adam state as one part (every snapshot, full or incremental).</summary>
    public Task<SnapshotPartResult> WriteDensePart(string model, DenseModelSnapshot dense, string snapshotId, CancellationToken cancellationToken)
    {
        var parameters = dense.Weights.Length;
        var header = new SnapshotPartHeader(
            SnapshotPartKind.Dense, model, 0, 0, parameters, 2 * parameters, System.Text.Json.JsonSerializer.Serialize(dense.Config));
        return Write(snapshotId, DensePartName(model), header, async writer =>
        {
            writer.Ids[0] = dense.Version;
            writer.UpdatedAtMs[0] = 0;
            dense.Weights.CopyTo(writer.Values);
            dense.FirstMoments.CopyTo(writer.State);
            dense.SecondMoments.CopyTo(writer.State[parameters..]);
            await writer.WriteRows(1, parameters, 2 * parameters, cancellationToken);
        }, cancellationToken, blockRows: 1);
    }

    /// <summary>A dense model from the newest complete snapshot with a part for it that verifies (or from snapshot
    /// <paramref name="snapshotId"/> only); null if none.</summary>
    public async Task<DenseModelSnapshot?> RestoreDense(string model, string? snapshotId, CancellationToken cancellationToken)
    {
        var manifests = await catalog.Manifests(cancellationToken);
        var candidates = manifests.Where(m => (snapshotId is null || m.Id == snapshotId) && SnapshotCatalog.ChainEndingAt(m, manifests) is not null);
        foreach (var snapshot in candidates)
        {
            var part = snapshot.Parts.FirstOrDefault(p => (SnapshotPartKind)p.PartKind == SnapshotPartKind.Dense && p.Table == model);
            if (part is null)
            {
                continue;
            }

            var name = $"{catalog.Store.Location}/{snapshot.Id}/{part.Name}";
            try
            {
                DenseRowSink? sink = null;
                await using var stream = await catalog.Store.OpenPart(snapshot.Id, part.Name, cancellationToken);
                var summary = await SnapshotPartReader.Read(stream, name, header =>
                    header.Kind == SnapshotPartKind.Dense && header.Table == model
                        ? sink = new DenseRowSink(header, name)
                        : throw new SnapshotFormatException($"Snapshot part {name} holds {SnapshotPartReader.Describe(header)}; expected dense model '{model}'."),
                    cancellationToken);
                if (Hex(summary.Checksum) != part.Checksum || sink?.Model is null)
                {
                    throw new SnapshotFormatException($"Snapshot part {name} has checksum {Hex(summary.Checksum)}; its manifest lists {part.Checksum}.");
                }

                return sink.Model;
            }
            catch (SnapshotFormatException e)
            {
                ParameterServerInstruments.RecordSnapshotRejected(model);
                LogUnusablePart(logger, model, 0, e.Message);
            }
        }

        return null;
    }

    public static string DensePartName(string model) => $"{model}/dense.part";

    /// <summary>
    /// A training shard's rows from the newest snapshot chain (or the chain ending at <paramref name="endingAt"/>)
    /// whose parts for this shard all verify; null when the newest chain has no part for it. A corrupt or missing part
    /// is logged and the previous complete snapshot is tried.
    /// </summary>
    public async Task<EmbeddingTable?> RestoreTraining(TableConfig config, int shard, string? endingAt, CancellationToken cancellationToken)
    {
        var manifests = await catalog.Manifests(cancellationToken);
        var candidates = endingAt is null ? manifests : manifests.Where(m => m.Id == endingAt).ToArray();
        if (endingAt is not null && candidates.Count == 0)
        {
            throw new UnknownSnapshotException($"No complete snapshot has id '{endingAt}'.");
        }

        foreach (var last in candidates)
        {
            var chain = SnapshotCatalog.ChainEndingAt(last, manifests);
            if (chain is null)
            {
                LogBrokenChain(logger, last.Id);
                continue;
            }

            var parts = chain
                .SelectMany(m => m.Parts.Where(p => IsPartOf(p, config, shard, training: true)).Select(p => (Snapshot: m.Id, Part: p)))
                .ToArray();
            if (parts.Length == 0)
            {
                return null;
            }

            var table = await TryLoad(config.Embedding, config, shard, parts, cancellationToken);
            if (table is not null)
            {
                LogRestored(logger, config.Name, shard, last.Id, table.Count);
                return table;
            }
        }

        return null;
    }

    /// <summary>A serving copy's rows from the newest full snapshot with a verified part for it; null if none.</summary>
    public async Task<EmbeddingTable?> RestoreServing(TableConfig config, int shard, CancellationToken cancellationToken)
    {
        foreach (var snapshot in (await catalog.Manifests(cancellationToken)).Where(m => m.Kind == SnapshotKind.Full))
        {
            var parts = snapshot.Parts.Where(p => IsPartOf(p, config, shard, training: false)).Select(p => (Snapshot: snapshot.Id, Part: p)).ToArray();
            if (parts.Length == 0)
            {
                return null;
            }

            var table = await TryLoad(config.Embedding with { ValuesOnly = true, MinCount = 1, TimeToLive = null }, config, shard, parts, cancellationToken);
            if (table is not null)
            {
                return table;
            }
        }

        return null;
    }

    private async Task<EmbeddingTable?> TryLoad(
        EmbeddingTableSettings settings, TableConfig config, int shard, (string Snapshot, SnapshotPartResult Part)[] parts, CancellationToken cancellationToken)
    {
        var table = new EmbeddingTable(settings);
        try
        {
            foreach (var (snapshot, part) in parts)
            {
                var name = $"{catalog.Store.Location}/{snapshot}/{part.Name}";
                var expected = Header((SnapshotPartKind)part.PartKind, config, shard, table.StateWidth);
                await using var stream = await catalog.Store.OpenPart(snapshot, part.Name, cancellationToken);
                var summary = await SnapshotPartReader.ApplyTo(stream, name, expected, table, cancellationToken);
                if (Hex(summary.Checksum) != part.Checksum)
                {
                    throw new SnapshotFormatException($"Snapshot part {name} has checksum {Hex(summary.Checksum)}; its manifest lists {part.Checksum}.");
                }
            }

            return table;
        }
        catch (SnapshotFormatException e)
        {
            ParameterServerInstruments.RecordSnapshotRejected(config.Name);
            LogUnusablePart(logger, config.Name, shard, e.Message);
            table.Dispose();
            return null;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    private async Task<SnapshotPartResult> Write(
        string snapshotId, string partName, SnapshotPartHeader header, Func<SnapshotPartWriter, Task> writeBlocks, CancellationToken cancellationToken, int? blockRows = null)
    {
        var started = Stopwatch.GetTimestamp();
        var summary = default(SnapshotPartSummary);
        await catalog.Store.WritePart(snapshotId, partName, async stream =>
        {
            var writer = await SnapshotPartWriter.Start(stream, header, blockRows ?? _options.BlockRows, cancellationToken);
            await writeBlocks(writer);
            summary = await writer.Complete(cancellationToken);
        }, cancellationToken);

        ParameterServerInstruments.RecordSnapshot(header.Table, Stopwatch.GetElapsedTime(started), summary.Bytes);
        return new SnapshotPartResult
        {
            Name = partName,
            PartKind = (int)header.Kind,
            Table = header.Table,
            Shard = header.Shard,
            Generation = header.Generation,
            Rows = summary.Rows,
            Tombstones = summary.Tombstones,
            Bytes = summary.Bytes,
            Checksum = Hex(summary.Checksum),
        };
    }

    private static async Task WriteAllRows(EmbeddingTable table, SnapshotPartWriter writer, CancellationToken cancellationToken)
    {
        var cursor = 0;
        int rows;
        while ((rows = table.Export(ref cursor, writer.Ids, writer.Values, writer.State, writer.UpdatedAtMs)) > 0)
        {
            await writer.WriteRows(rows, table.Dimension, table.StateWidth, cancellationToken);
        }
    }

    private static bool IsPartOf(SnapshotPartResult part, TableConfig config, int shard, bool training) =>
        part.Table == config.Name && part.Generation == config.Generation && part.Shard == shard
        && ((SnapshotPartKind)part.PartKind == SnapshotPartKind.ServingFull) != training;

    private static SnapshotPartHeader Header(SnapshotPartKind kind, TableConfig config, int shard, int stateWidth) =>
        new(kind, config.Name, shard, config.Generation, config.Dimension, stateWidth, SnapshotManifestJson.Serialize(config));

    private static string Hex(ulong checksum) => checksum.ToString("x16", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored table {Table} shard {Shard} from snapshot {SnapshotId}: {Rows} rows")]
    private static partial void LogRestored(ILogger logger, string table, int shard, string snapshotId, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Snapshot {SnapshotId} is skipped: its chain back to a full snapshot is incomplete")]
    private static partial void LogBrokenChain(ILogger logger, string snapshotId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Table {Table} shard {Shard}: {Reason}; trying the previous complete snapshot")]
    private static partial void LogUnusablePart(ILogger logger, string table, int shard, string reason);
}
