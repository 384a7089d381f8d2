using ParameterServer.Trainer.Features;

namespace ParameterServer.Trainer.Evaluation;

/// <summary>
/// The popularity baseline for CTR: an example's score is how many positives its item had in the training window
/// (no item field: every score is equal, AUC 0.5); its log loss is that of predicting the training base rate.
/// </summary>
public sealed class CtrPopularity
{
    private readonly Dictionary<long, int> _positives = [];
    private readonly float _baseRate;

    public CtrPopularity(CtrDataset data, int trainEnd)
    {
        double positives = 0;
        for (var i = 0; i < trainEnd; i++)
        {
            if (data.Labels[i] > 0.5f)
            {
                positives++;
                _positives[data.Items[i]] = _positives.GetValueOrDefault(data.Items[i]) + 1;
            }
        }

        _baseRate = (float)(positives / Math.Max(1, trainEnd));
    }

    /// <summary>Metrics of <paramref name="probabilities"/> for examples [start, end) with the baseline beside them.</summary>
    public CtrMetrics Evaluate(CtrDataset data, int start, int end, ReadOnlySpan<float> probabilities)
    {
        var labels = data.Labels.AsSpan(start, end - start);
        var popularity = new float[end - start];
        for (var i = start; i < end; i++)
        {
            popularity[i - start] = data.Schema.ItemField < 0 ? 0 : _positives.GetValueOrDefault(data.Items[i]);
        }

        var baseRate = new float[end - start];
        Array.Fill(baseRate, _baseRate);
        double positives = 0;
        foreach (var label in labels)
        {
            positives += label;
        }

        return new CtrMetrics(
            end - start,
            positives / (end - start),
            Auc.Compute(probabilities, labels),
            LogLoss.Compute(probabilities, labels),
            Auc.Compute(popularity, labels),
            LogLoss.Compute(baseRate, labels));
    }
}
