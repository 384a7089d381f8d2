namespace ParameterServer.Trainer.Experiments;

/// <summary>
/// Which serving model scores each replayed event when serving is synced from training every <c>interval</c> seconds
/// of event time. Online training runs over the replayed stream in time order in fixed mini-batches, a batch once it is
/// full (the same batches whatever the interval, so only the serving side differs). Sync points are
/// t_k = start + k·interval, start being the first replayed event's time; the events of [t_k, t_k + interval) are
/// scored by the model synced at t_k: the trainer after every full batch of events before t_k.
/// </summary>
internal static class SyncSchedule
{
    /// <summary>An interval that never syncs: the batch-trained model scores every event.</summary>
    public const long Never = long.MaxValue;

    /// <summary>Per event of <paramref name="timestamps"/> (the replayed stream, non-decreasing seconds), how many of
    /// the stream's mini-batches of <paramref name="batchSize"/> the serving model that scores it was trained on.
    /// Always at most the event's index / batch size: no event is scored by a model trained on it.</summary>
    public static int[] BatchesTrainedAtSync(ReadOnlySpan<long> timestamps, long interval, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var trained = new int[timestamps.Length];
        if (timestamps.Length == 0 || interval == Never)
        {
            return trained;
        }

        var start = timestamps[0];
        var syncPoint = start;
        var before = 0;
        for (var e = 0; e < timestamps.Length; e++)
        {
            if (e > 0 && timestamps[e] < timestamps[e - 1])
            {
                throw new ArgumentException($"Timestamps must not decrease: event {e} at {timestamps[e]} follows {timestamps[e - 1]}.", nameof(timestamps));
            }

            var point = start + (timestamps[e] - start) / interval * interval;
            if (point != syncPoint)
            {
                // The first event at or after a new sync point: every earlier event is before it.
                syncPoint = point;
                before = e;
            }

            trained[e] = before / batchSize;
        }

        return trained;
    }

    /// <summary>Sync points that score at least one event.</summary>
    public static int SyncPoints(ReadOnlySpan<long> timestamps, long interval)
    {
        if (timestamps.Length == 0)
        {
            return 0;
        }

        if (interval == Never)
        {
            return 1;
        }

        var count = 1;
        for (var e = 1; e < timestamps.Length; e++)
        {
            if ((timestamps[e] - timestamps[0]) / interval != (timestamps[e - 1] - timestamps[0]) / interval)
            {
                count++;
            }
        }

        return count;
    }
}
