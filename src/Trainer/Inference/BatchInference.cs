using System.Diagnostics;
using ParameterServer.Realtime;
using ParameterServer.Trainer.Sequences;

namespace ParameterServer.Trainer.Inference;

/// <summary>
/// The daily batch inference (Pinterest's): the users active since the last completed run, each one's realtime
/// sequence from its user grain, the PinnerFormer embedding at the last action written back as the user's long-term
/// embedding, then the run marked complete. Grain calls run in parallel, at most <paramref name="concurrency"/> at a
/// time; the model runs one batch of users at a time.
/// </summary>
public sealed class BatchInference(IGrainFactory grains, PinnerFormerEncoder encoder, TimeProvider time, int concurrency, int batchUsers)
{
    /// <param name="everyone">recompute every user who ever acted, not only those active since the last run</param>
    public async Task<InferenceRun> Run(bool everyone, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var active = grains.GetGrain<IActiveUsersGrain>(0);

        // Stamped with the start: an action that arrives during the run is at or after it, so the next run sees it.
        var started = time.GetUtcNow().ToUnixTimeMilliseconds();
        var since = everyone ? 0 : await active.LastInference();
        var users = await active.ActiveSince(since);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        var embedded = 0;
        foreach (var chunk in users.Chunk(batchUsers))
        {
            var profiles = new UserProfile[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), parallel,
                async (i, _) => profiles[i] = await grains.GetGrain<IUserGrain>(chunk[i]).GetProfile());
            var acting = profiles.Where(p => p.Recent.Length > 0).ToArray();
            if (acting.Length == 0)
            {
                continue;
            }

            var vectors = await encoder.Embed(acting.Select(p => p.Recent).ToArray());
            var d = encoder.Dimension;
            await Parallel.ForEachAsync(Enumerable.Range(0, acting.Length), parallel,
                async (i, _) => await grains.GetGrain<IUserGrain>(acting[i].UserId).SetLongTerm(new LongTermEmbedding(vectors.AsSpan(i * d, d).ToArray(), started)));
            embedded += acting.Length;
        }

        await active.MarkInference(started);
        return new InferenceRun(since, started, users, embedded, users.Length - embedded, clock.Elapsed);
    }
}
