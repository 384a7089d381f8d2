namespace ParameterServer.Trainer.Evaluation;

/// <summary>Area under the ROC curve by ranks (Mann–Whitney U), ties counted half; 0.5 when one class is absent.</summary>
public static class Auc
{
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels.");
        }

        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double positives = 0, rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && keys[j] == keys[i])
            {
                j++;
            }

            // Ranks i+1..j share their average.
            var rank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (labels[order[k]] > 0.5f)
                {
                    positives++;
                    rankSum += rank;
                }
            }

            i = j;
        }

        var negatives = scores.Length - positives;
        return positives == 0 || negatives == 0 ? 0.5 : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
