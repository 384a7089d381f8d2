using ParameterServer.Embeddings.Internal;

namespace ParameterServer.Embeddings;

/// <summary>
/// The k best (ID, score) candidates offered so far, in <see cref="TopKOrder"/>: higher score first, equal scores by
/// the smaller ID. A shard's scan, a merge of shards' answers and a popularity ranking all select this way.
/// </summary>
public sealed class TopKHeap
{
    private readonly PriorityQueue<long, (float Score, long Id)> _best;
    private readonly int _k;

    public TopKHeap(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _k = k;
        _best = new PriorityQueue<long, (float Score, long Id)>(k, TopKOrder.WorstFirst);
    }

    public int Count => _best.Count;

    /// <summary>No score below this can enter (−∞ until k are held): callers skip further work for such candidates.
    /// An equal score may still enter, by the smaller ID.</summary>
    public float Threshold { get; private set; } = float.NegativeInfinity;

    /// <summary>Keeps the candidate if it ranks among the best k so far.</summary>
    public void Offer(long id, float score)
    {
        if (_best.Count < _k)
        {
            _best.Enqueue(id, (score, id));
        }
        else if (_best.TryPeek(out _, out var worst) && TopKOrder.WorstFirst.Compare((score, id), worst) > 0)
        {
            _best.EnqueueDequeue(id, (score, id));
        }
        else
        {
            return;
        }

        if (_best.Count == _k && _best.TryPeek(out _, out var newWorst))
        {
            Threshold = newWorst.Score;
        }
    }

    /// <summary>Writes the kept candidates best first and empties the heap; returns how many.</summary>
    public int Drain(Span<long> ids, Span<float> scores)
    {
        var found = _best.Count;
        ThrowHelper.CheckAtLeast(ids.Length, found, 1, nameof(ids));
        ThrowHelper.CheckAtLeast(scores.Length, found, 1, nameof(scores));
        for (var i = found - 1; i >= 0; i--)
        {
            _best.TryDequeue(out var id, out var key);
            ids[i] = id;
            scores[i] = key.Score;
        }

        Threshold = float.NegativeInfinity;
        return found;
    }
}
