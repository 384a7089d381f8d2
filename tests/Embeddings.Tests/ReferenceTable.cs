using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings.Tests;

/// <summary>
/// The table's contract written the plain way (dictionaries, exact counts, scalar optimizer math), to compare against.
/// The optimizer formulas are the documented ones, evaluated in the same operation order as the table's kernels,
/// so results match bit for bit. State layout follows <see cref="EmbeddingTable.StateWidth"/>'s documentation.
/// </summary>
internal sealed class ReferenceTable(EmbeddingTableSettings settings)
{
    private readonly Dictionary<long, Row> _rows = [];
    private readonly Dictionary<long, int> _counts = [];
    private readonly HashSet<long> _pending = [];
    private readonly List<long> _tombstones = [];

    public int Count => _rows.Count;

    public IReadOnlyDictionary<long, Row> Rows => _rows;

    public int Dimension => settings.Dimension;

    public int StateWidth => settings.Optimizer.Kind switch
    {
        SparseOptimizerKind.Adagrad => settings.Dimension,
        SparseOptimizerKind.Ftrl => 2 * settings.Dimension,
        SparseOptimizerKind.Adam => 2 * settings.Dimension + 1,
        _ => 0,
    };

    public float[] Lookup(long[] ids)
    {
        var result = new float[ids.Length * Dimension];
        for (int i = 0; i < ids.Length; i++)
        {
            var target = result.AsSpan(i * Dimension, Dimension);
            if (_rows.TryGetValue(ids[i], out var row))
            {
                row.Values.CopyTo(target);
            }
            else
            {
                settings.Initializer.Fill(ids[i], target);
            }
        }

        return result;
    }

    public float[] Pull(long[] ids, long nowMs)
    {
        foreach (var id in ids)
        {
            if (_rows.ContainsKey(id))
            {
                continue;
            }

            int count = _counts[id] = _counts.GetValueOrDefault(id) + 1;
            if (count >= settings.MinCount)
            {
                var row = new Row(new float[Dimension], new float[StateWidth]) { UpdatedAtMs = nowMs };
                settings.Initializer.Fill(id, row.Values);
                if (settings.Optimizer.Kind == SparseOptimizerKind.Adagrad)
                {
                    Array.Fill(row.State, settings.Optimizer.InitialAccumulator);
                }

                _rows[id] = row;
                _pending.Add(id);
            }
        }

        return Lookup(ids);
    }

    public PushOutcome Apply(long[] ids, float[] gradients, long nowMs)
    {
        var sums = new Dictionary<long, float[]>();
        int filtered = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (!_rows.ContainsKey(ids[i]))
            {
                filtered++;
                continue;
            }

            var g = gradients.AsSpan(i * Dimension, Dimension);
            if (sums.TryGetValue(ids[i], out var sum))
            {
                for (int j = 0; j < Dimension; j++)
                {
                    sum[j] += g[j];
                }
            }
            else
            {
                sums[ids[i]] = g.ToArray();
            }
        }

        foreach (var (id, g) in sums)
        {
            var row = _rows[id];
            Optimize(row, g);
            row.UpdatedAtMs = nowMs;
            _pending.Add(id);
        }

        return new PushOutcome(sums.Count, filtered);
    }

    public int Remove(IEnumerable<long> ids)
    {
        int removed = 0;
        foreach (var id in ids)
        {
            if (_rows.Remove(id))
            {
                _pending.Remove(id);
                _tombstones.Add(id);
                removed++;
            }
        }

        return removed;
    }

    public int Evict(long nowMs)
    {
        if (settings.TimeToLive is not { } ttl)
        {
            return 0;
        }

        long cutoff = nowMs - (long)ttl.TotalMilliseconds;
        return Remove(_rows.Where(r => r.Value.UpdatedAtMs < cutoff).Select(r => r.Key).ToList());
    }

    /// <summary>Pending tombstones (sorted) and changed IDs, then clears both.</summary>
    public (List<long> Tombstones, HashSet<long> Changed) Take()
    {
        var result = (_tombstones.Order().ToList(), _pending.ToHashSet());
        _tombstones.Clear();
        _pending.Clear();
        return result;
    }

    private void Optimize(Row row, float[] g)
    {
        var o = settings.Optimizer;
        var w = row.Values;
        var s = row.State;
        int d = Dimension;
        switch (o.Kind)
        {
            case SparseOptimizerKind.Sgd:
                for (int j = 0; j < d; j++)
                {
                    w[j] -= o.LearningRate * g[j];
                }

                break;
            case SparseOptimizerKind.Adagrad:
                for (int j = 0; j < d; j++)
                {
                    s[j] += g[j] * g[j];
                    w[j] -= o.LearningRate * g[j] / (MathF.Sqrt(s[j]) + o.Epsilon);
                }

                break;
            case SparseOptimizerKind.Ftrl:
                for (int j = 0; j < d; j++)
                {
                    ref float z = ref s[j];
                    ref float n = ref s[d + j];
                    float sigma = (MathF.Sqrt(n + g[j] * g[j]) - MathF.Sqrt(n)) / o.FtrlAlpha;
                    z += g[j] - sigma * w[j];
                    n += g[j] * g[j];
                    w[j] = MathF.Abs(z) <= o.L1 ? 0f : -(z - MathF.Sign(z) * o.L1) / ((o.FtrlBeta + MathF.Sqrt(n)) / o.FtrlAlpha + o.L2);
                }

                break;
            case SparseOptimizerKind.Adam:
                int t = (int)s[2 * d] + 1;
                s[2 * d] = t;
                for (int j = 0; j < d; j++)
                {
                    ref float m = ref s[j];
                    ref float v = ref s[d + j];
                    m = o.Beta1 * m + (1f - o.Beta1) * g[j];
                    v = o.Beta2 * v + (1f - o.Beta2) * (g[j] * g[j]);
                    w[j] -= o.LearningRate * (m / (1f - MathF.Pow(o.Beta1, t))) / (MathF.Sqrt(v / (1f - MathF.Pow(o.Beta2, t))) + o.Epsilon);
                }

                break;
        }
    }

    public sealed class Row(float[] values, float[] state)
    {
        public float[] Values { get; } = values;

        public float[] State { get; } = state;

        public long UpdatedAtMs { get; set; }
    }
}
