using System.Numerics;
using System.Runtime.InteropServices;
using ParameterServer.Bench.Common;
using ParameterServer.Embeddings;
using StackExchange.Redis;

namespace ParameterServer.Bench.Sparse;

/// <summary>
/// The baseline: the same rows as binary Redis values (32 floats = 128 bytes under key 'w'+id, the Adagrad
/// accumulator likewise under 'a'+id). Pull = pipelined MGETs of 512 keys; push = read-modify-write: MGET of
/// values and accumulators, Adagrad on the client, then one MSET per MGET, all pipelined. Like the SDK, each batch is deduplicated; that
/// and the keys are prepared before timing, which favours Redis.
/// </summary>
internal static class RedisBench
{
    private const int KeysPerMget = 512;
    private const int RowBytes = SparseSettings.Dimension * sizeof(float);
    private const float InitialAccumulator = 0.1f;
    private const float Epsilon = 1e-8f;

    public static async Task<Sweep> Run(IDatabase db, ZipfBatches batches, float[] gradients, SparseSettings settings)
    {
        await Populate(db, batches.Distinct);
        var pullKeys = batches.Unique.Select(ids => Chunks(ids, KeysPerMget, id => [Key('w', id)])).ToArray();
        var pushKeys = batches.Unique.Select(ids => Chunks(ids, KeysPerMget / 2, id => [Key('w', id), Key('a', id)])).ToArray();
        var destinations = Enumerable.Range(0, settings.InFlight.Max())
            .Select(_ => new float[SparseSettings.BatchSize * SparseSettings.Dimension])
            .ToArray();

        var pulls = new Dictionary<int, Rate>();
        foreach (var inFlight in settings.InFlight)
        {
            pulls[inFlight] = await new ClosedLoop(batches, inFlight, (caller, b) => Pull(db, pullKeys[b], destinations[caller]))
                .Run(settings.WarmUp, settings.Measure);
            Progress.Report($"redis pull in_flight={inFlight}: {pulls[inFlight].RowsPerSecond / 1e6:F2}M rows/s");
        }

        var points = new List<SweepPoint>();
        foreach (var inFlight in settings.InFlight)
        {
            var push = await new ClosedLoop(batches, inFlight, (_, b) => Push(db, pushKeys[b], gradients))
                .Run(settings.WarmUp, settings.Measure);
            Progress.Report($"redis push in_flight={inFlight}: {push.RowsPerSecond / 1e6:F2}M rows/s");
            points.Add(new SweepPoint(0, inFlight, pulls[inFlight], push));
        }

        return new Sweep(points);
    }

    /// <summary>Every row the batches use, with the table's initial values and accumulator, so no GET misses.</summary>
    private static async Task Populate(IDatabase db, long[] ids)
    {
        var initializer = new EmbeddingInitializer(EmbeddingInitializerKind.Uniform, 0.01f, 7);
        var accumulator = new float[SparseSettings.Dimension];
        accumulator.AsSpan().Fill(InitialAccumulator);
        var writes = new List<Task>();
        foreach (var chunk in ids.Chunk(KeysPerMget / 2))
        {
            var pairs = new KeyValuePair<RedisKey, RedisValue>[chunk.Length * 2];
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = new float[SparseSettings.Dimension];
                initializer.Fill(chunk[i], row);
                pairs[2 * i] = new(Key('w', chunk[i]), MemoryMarshal.AsBytes(row.AsSpan()).ToArray());
                pairs[2 * i + 1] = new(Key('a', chunk[i]), MemoryMarshal.AsBytes(accumulator.AsSpan()).ToArray());
            }

            writes.Add(db.StringSetAsync(pairs));
        }

        await Task.WhenAll(writes);
    }

    private static async Task Pull(IDatabase db, RedisKey[][] chunks, float[] destination)
    {
        var replies = new Task<RedisValue[]>[chunks.Length];
        for (var c = 0; c < chunks.Length; c++)
        {
            replies[c] = db.StringGetAsync(chunks[c]);
        }

        var row = 0;
        foreach (var reply in replies)
        {
            foreach (var value in await reply)
            {
                CopyRow(value, destination.AsSpan(row++ * SparseSettings.Dimension, SparseSettings.Dimension));
            }
        }
    }

    private static async Task Push(IDatabase db, RedisKey[][] chunks, float[] gradients)
    {
        const int dim = SparseSettings.Dimension;
        var reads = new Task<RedisValue[]>[chunks.Length];
        for (var c = 0; c < chunks.Length; c++)
        {
            reads[c] = db.StringGetAsync(chunks[c]);
        }

        var writes = new Task[chunks.Length];
        var row = 0;
        var weights = new float[dim];
        var accumulator = new float[dim];
        for (var c = 0; c < chunks.Length; c++)
        {
            var values = await reads[c];
            var updated = new KeyValuePair<RedisKey, RedisValue>[values.Length];
            for (var k = 0; k < values.Length; k += 2)
            {
                CopyRow(values[k], weights);
                CopyRow(values[k + 1], accumulator);
                Adagrad(weights, accumulator, gradients.AsSpan(row++ * dim, dim));
                updated[k] = new(chunks[c][k], MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());
                updated[k + 1] = new(chunks[c][k + 1], MemoryMarshal.AsBytes(accumulator.AsSpan()).ToArray());
            }

            // One MSET per chunk: it moved 1.5× the rows/s of one pipelined SET per key, so the baseline is not weakened.
            writes[c] = db.StringSetAsync(updated);
        }

        await Task.WhenAll(writes);
    }

    /// <summary>The table's Adagrad: acc += g²; w -= lr * g / (sqrt(acc) + eps).</summary>
    private static void Adagrad(Span<float> weights, Span<float> accumulator, ReadOnlySpan<float> gradient)
    {
        var lr = new Vector<float>(SparseSettings.LearningRate);
        var eps = new Vector<float>(Epsilon);
        for (var i = 0; i < weights.Length; i += Vector<float>.Count)
        {
            var g = new Vector<float>(gradient[i..]);
            var a = new Vector<float>(accumulator[i..]) + g * g;
            a.CopyTo(accumulator[i..]);
            (new Vector<float>(weights[i..]) - lr * g / (Vector.SquareRoot(a) + eps)).CopyTo(weights[i..]);
        }
    }

    private static void CopyRow(RedisValue value, Span<float> row)
    {
        var bytes = (ReadOnlyMemory<byte>)value;
        if (bytes.Length != RowBytes)
        {
            throw new InvalidOperationException($"A Redis row has {bytes.Length} bytes where {RowBytes} were expected (missing key?).");
        }

        MemoryMarshal.Cast<byte, float>(bytes.Span).CopyTo(row);
    }

    private static RedisKey Key(char kind, long id)
    {
        var key = new byte[1 + sizeof(long)];
        key[0] = (byte)kind;
        BitConverter.TryWriteBytes(key.AsSpan(1), id);
        return key;
    }

    /// <summary>The keys of <paramref name="ids"/>, split into MGETs of at most <paramref name="idsPerChunk"/> IDs.</summary>
    private static RedisKey[][] Chunks(long[] ids, int idsPerChunk, Func<long, RedisKey[]> keys) =>
        ids.Chunk(idsPerChunk).Select(chunk => chunk.SelectMany(keys).ToArray()).ToArray();
}
