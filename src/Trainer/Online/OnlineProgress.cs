namespace ParameterServer.Trainer.Online;

/// <summary>What the online trainer has done so far. <see cref="Steps"/>: training rounds, each of one or more
/// mini-batches; <see cref="Reconnects"/>: failed rounds after which the trainer connected again.</summary>
public readonly record struct OnlineProgress(long Examples, long Positives, long Steps, long Rejected, long NewestExampleMs, long Reconnects);
