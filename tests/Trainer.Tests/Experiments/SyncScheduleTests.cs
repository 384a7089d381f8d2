using ParameterServer.Trainer.Experiments;

namespace ParameterServer.Trainer.Tests.Experiments;

public sealed class SyncScheduleTests
{
    // Seconds after the first replayed event; mini-batches of 2 events.
    private static readonly long[] Timestamps = [0, 10, 59, 60, 61, 130, 130, 200];

    [Fact]
    public void EachIntervalIsScoredByTheFullBatchesOfEventsBeforeItsSyncPoint()
    {
        // Sync points 0, 60, 120, 180: 0, 3, 5 and 7 events precede them, i.e. 0, 1, 2 and 3 full batches.
        Assert.Equal([0, 0, 0, 1, 1, 2, 2, 3], SyncSchedule.BatchesTrainedAtSync(Timestamps, 60, 2));
        Assert.Equal(4, SyncSchedule.SyncPoints(Timestamps, 60));
    }

    [Fact]
    public void EverySecondSyncStillNeverScoresAnEventWithAModelTrainedOnItOrOnItsOwnSecond()
    {
        var trained = SyncSchedule.BatchesTrainedAtSync(Timestamps, 1, 2);
        Assert.Equal([0, 0, 1, 1, 2, 2, 2, 3], trained);
        Assert.All(trained.Select((n, e) => (n, e)), x => Assert.True(x.n * 2 <= x.e, $"event {x.e} scored after {x.n} batches"));
    }

    [Fact]
    public void NeverSyncingScoresEverythingWithTheBatchModel()
    {
        Assert.Equal(new int[Timestamps.Length], SyncSchedule.BatchesTrainedAtSync(Timestamps, SyncSchedule.Never, 2));
        Assert.Equal(1, SyncSchedule.SyncPoints(Timestamps, SyncSchedule.Never));
    }

    [Fact]
    public void DecreasingTimestampsAreRejected() =>
        Assert.Throws<ArgumentException>(() => SyncSchedule.BatchesTrainedAtSync([5, 4], 60, 2));
}
