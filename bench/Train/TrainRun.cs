using ParameterServer.Trainer.Evaluation;

namespace ParameterServer.Bench.Train;

/// <summary>One timed training pass: examples per second and the model's quality after it.</summary>
internal sealed record TrainRun(string Name, int Examples, double Seconds, CtrMetrics Metrics)
{
    public double ExamplesPerSecond => Examples / Seconds;
}
