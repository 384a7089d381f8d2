namespace ParameterServer.Trainer.Evaluation;

/// <summary>Mean binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7].</summary>
public static class LogLoss
{
    public static double Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        if (probabilities.Length != labels.Length || probabilities.Length == 0)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities for {labels.Length} labels.");
        }

        double sum = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            sum -= labels[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Length;
    }
}
