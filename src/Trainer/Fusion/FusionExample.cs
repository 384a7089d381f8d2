namespace ParameterServer.Trainer.Fusion;

/// <summary>What a user grain would fuse right before an action, and the action's item: the long-term embedding from the
/// last daily inference (null before the user's first day), the sequence's distinct items oldest first (as the grain
/// keeps them), and the next item.</summary>
public sealed record FusionExample(float[]? LongTerm, long[] Sequence, long Target);
