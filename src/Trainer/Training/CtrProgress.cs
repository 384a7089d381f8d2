namespace ParameterServer.Trainer.Training;

/// <summary>Where training stands: steps and examples so far, recent loss, and the progressive AUC (each batch scored
/// before it is trained on, over the last few thousand examples).</summary>
public sealed record CtrProgress(long Step, long Examples, double Loss, double RecentAuc, double ExamplesPerSecond);
