namespace ParameterServer.Trainer.Experiments;

/// <summary>One row of the sync-interval experiment: serving synced every <paramref name="Seconds"/> of event time
/// (<see cref="SyncSchedule.Never"/>: never, the batch model only), beside the Monolith Table 2 row it stands for.</summary>
internal sealed record SyncInterval(string Label, long Seconds, string PaperInterval, string PaperOnline, string PaperBatch);
