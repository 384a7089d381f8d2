namespace ParameterServer.Trainer.Data;

/// <summary>
/// Draws ranks 0..n-1 with P(k) ∝ (k+1)^-s, the skew of item popularity in recommendation logs, by
/// rejection-inversion (Hörmann and Derflinger 1996): constant time and no table, so n can be in the billions.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double _exponent;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralN;
    private readonly double _s;
    private readonly long _count;

    public ZipfSampler(long count, double exponent)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of ranks must be at least 1.");
        }

        if (!(exponent > 0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The exponent must be finite and greater than 0.");
        }

        _count = count;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralN = HIntegral(count + 0.5);
        _s = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    /// <summary>A rank in [0, count), 0 the most frequent.</summary>
    public long Next(Random random)
    {
        while (true)
        {
            var u = _hIntegralN + random.NextDouble() * (_hIntegralX1 - _hIntegralN);
            var x = HIntegralInverse(u);
            var k = (long)(x + 0.5);
            k = Math.Clamp(k, 1, _count);
            if (k - x <= _s || u >= HIntegral(k + 0.5) - H(k))
            {
                return k - 1;
            }
        }
    }

    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return Helper2((1.0 - _exponent) * logX) * logX;
    }

    private double HIntegralInverse(double x)
    {
        var t = x * (1.0 - _exponent);
        if (t < -1.0)
        {
            t = -1.0;
        }

        return Math.Exp(Helper1(t) * x);
    }

    // log1p(x)/x and expm1(x)/x, accurate near 0 where the exponent is close to 1.
    private static double Helper1(double x) => Math.Abs(x) > 1e-8 ? Math.Log(1.0 + x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));

    private static double Helper2(double x) => Math.Abs(x) > 1e-8 ? (Math.Exp(x) - 1.0) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}
