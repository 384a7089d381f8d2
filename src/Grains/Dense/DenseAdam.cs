using System.Numerics;

namespace ParameterServer.Grains.Dense;

/// <summary>
/// Adam over one flat parameter vector (Kingma and Ba, with bias correction): m = β1 m + (1-β1) g,
/// v = β2 v + (1-β2) g², w -= lr · m̂ / (√v̂ + ε). The training dense grain applies it; a trainer without a cluster uses
/// the same class, so both runs follow the same arithmetic.
/// </summary>
public sealed class DenseAdam
{
    private readonly DenseModelConfig _config;
    private readonly float[] _m;
    private readonly float[] _v;

    public DenseAdam(DenseModelConfig config)
    {
        _config = config;
        _m = new float[config.Parameters];
        _v = new float[config.Parameters];
    }

    /// <summary>Steps applied so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The first and second moments, for a snapshot.</summary>
    public ReadOnlySpan<float> FirstMoments => _m;

    public ReadOnlySpan<float> SecondMoments => _v;

    /// <summary>Continues from a snapshot: the moments and the step count as they were written.</summary>
    public void Restore(ReadOnlySpan<float> firstMoments, ReadOnlySpan<float> secondMoments, long steps)
    {
        firstMoments.CopyTo(_m);
        secondMoments.CopyTo(_v);
        Steps = steps;
    }

    public void Step(Span<float> weights, ReadOnlySpan<float> gradients)
    {
        if (weights.Length != _m.Length || gradients.Length != _m.Length)
        {
            throw new ArgumentException($"Expected {_m.Length} weights and gradients; got {weights.Length} and {gradients.Length}.");
        }

        Steps++;
        float b1 = _config.Beta1, b2 = _config.Beta2;
        var stepSize = (float)(_config.LearningRate * Math.Sqrt(1 - Math.Pow(b2, Steps)) / (1 - Math.Pow(b1, Steps)));
        var epsilon = (float)(_config.Epsilon * Math.Sqrt(1 - Math.Pow(b2, Steps)));
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vb1 = new(b1), vb2 = new(b2), va1 = new(1 - b1), va2 = new(1 - b2), vstep = new(stepSize), veps = new(epsilon);
            for (; i <= _m.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(gradients[i..]);
                var m = vb1 * new Vector<float>(_m, i) + va1 * g;
                var v = vb2 * new Vector<float>(_v, i) + va2 * g * g;
                m.CopyTo(_m, i);
                v.CopyTo(_v, i);
                (new Vector<float>(weights[i..]) - vstep * m / (Vector.SquareRoot(v) + veps)).CopyTo(weights[i..]);
            }
        }

        for (; i < _m.Length; i++)
        {
            var g = gradients[i];
            _m[i] = b1 * _m[i] + (1 - b1) * g;
            _v[i] = b2 * _v[i] + (1 - b2) * g * g;
            weights[i] -= stepSize * _m[i] / (MathF.Sqrt(_v[i]) + epsilon);
        }
    }
}
