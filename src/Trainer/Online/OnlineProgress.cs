namespace ParameterServer.Trainer.Online;

/// <summary>What the online trainer has done so far.</summary>
public readonly record struct OnlineProgress(long Examples, long Positives, long Steps, long Rejected, long NewestExampleMs);
