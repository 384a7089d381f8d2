namespace ParameterServer.Trainer.Evaluation;

/// <summary>Whether one item ranks in the top 10 of a full score vector, without sorting it.</summary>
internal static class TopTen
{
    public const int K = 10;

    /// <summary>Whether <paramref name="target"/> is among the top <see cref="K"/> scores, skipping
    /// <paramref name="exclude"/> (an excluded target never is); ties: the smaller index ranks first.</summary>
    public static bool Contains(ReadOnlySpan<float> scores, int target, IReadOnlySet<int>? exclude)
    {
        if (exclude?.Contains(target) == true)
        {
            return false;
        }

        var better = 0;
        var score = scores[target];
        for (var c = 0; c < scores.Length && better < K; c++)
        {
            if (c != target && (scores[c] > score || (scores[c] == score && c < target)) && exclude?.Contains(c) != true)
            {
                better++;
            }
        }

        return better < K;
    }
}
