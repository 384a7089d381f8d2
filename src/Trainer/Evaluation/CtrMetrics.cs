namespace ParameterServer.Trainer.Evaluation;

/// <summary>A CTR model's quality on a test window, beside the popularity baseline on the same examples.</summary>
public sealed record CtrMetrics(int Examples, double PositiveRate, double Auc, double LogLoss, double PopularityAuc, double BaseRateLogLoss)
{
    public override string ToString() =>
        $"AUC {Auc:0.0000} (popularity {PopularityAuc:0.0000})   log loss {LogLoss:0.0000} (base rate {BaseRateLogLoss:0.0000})   {Examples:N0} examples, {PositiveRate:P1} positive";
}
