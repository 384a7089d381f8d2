namespace ParameterServer.Bench.Common;

/// <summary>
/// Zipf(s) over ranks 1..n by rejection-inversion (Hörmann and Derflinger 1996): O(1) per sample, no table, no
/// allocation, so 10M ranks cost nothing to set up. P(k) ∝ k^-s.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double _exponent;
    private readonly long _count;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralN;
    private readonly double _s;

    public ZipfSampler(long count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponent);
        _count = count;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralN = HIntegral(count + 0.5);
        _s = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    /// <summary>A rank in 1..n.</summary>
    public long Next(Random random)
    {
        while (true)
        {
            var u = _hIntegralN + random.NextDouble() * (_hIntegralX1 - _hIntegralN);
            var x = HIntegralInverse(u);
            var k = Math.Clamp((long)(x + 0.5), 1, _count);
            if (k - x <= _s || u >= HIntegral(k + 0.5) - H(k))
            {
                return k;
            }
        }
    }

    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    /// <summary>Antiderivative of H: (x^(1-s) - 1) / (1 - s), written to stay exact as s approaches 1.</summary>
    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return ExpM1OverX((1.0 - _exponent) * logX) * logX;
    }

    private double HIntegralInverse(double x)
    {
        var t = Math.Max(x * (1.0 - _exponent), -1.0);
        return Math.Exp(Log1POverX(t) * x);
    }

    private static double Log1POverX(double x) =>
        Math.Abs(x) > 1e-8 ? double.LogP1(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));

    private static double ExpM1OverX(double x) =>
        Math.Abs(x) > 1e-8 ? double.ExpM1(x) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}
