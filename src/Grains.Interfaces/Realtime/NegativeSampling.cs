using ParameterServer.Embeddings;

namespace ParameterServer.Realtime;

/// <summary>
/// Negative sampling at rate r and its log-odds correction. Keeping each negative with probability r multiplies the
/// odds a model learns by 1/r: p' / (1 - p') = (p / (1 - p)) / r. Serving undoes it: logit(p) = logit(p') + ln r, so
/// p = p' r / (p' r + 1 - p'). Whether a negative is kept is a function of its request ID, so duplicates and replays
/// decide alike.
/// </summary>
public static class NegativeSampling
{
    /// <summary>Whether the negative of <paramref name="requestId"/> is kept at <paramref name="rate"/>.</summary>
    public static bool Keeps(long requestId, double rate) =>
        rate >= 1 || (ShardRouter.Mix64((ulong)requestId ^ 0x6E656753616D706CUL) >> 11) * (1.0 / (1UL << 53)) < rate;

    /// <summary>The calibrated logit of a model trained with negatives kept at <paramref name="rate"/>.</summary>
    public static double CorrectLogit(double logit, double rate) => logit + Math.Log(rate);

    /// <summary>The calibrated probability of a model's <paramref name="sampledProbability"/>.</summary>
    public static double CorrectProbability(double sampledProbability, double rate) =>
        sampledProbability * rate / (sampledProbability * rate + 1 - sampledProbability);
}
