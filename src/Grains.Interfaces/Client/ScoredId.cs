using ParameterServer.Embeddings;

namespace ParameterServer;

/// <summary>One retrieved row: its ID and its inner product with the query.</summary>
[GenerateSerializer, Immutable, Alias("ps.ScoredId")]
public readonly record struct ScoredId([property: Id(0)] long Id, [property: Id(1)] float Score)
{
    /// <summary>The heap's candidates, best first (the heap is emptied).</summary>
    public static ScoredId[] Drain(TopKHeap best)
    {
        var ids = new long[best.Count];
        var scores = new float[best.Count];
        best.Drain(ids, scores);
        var result = new ScoredId[ids.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ScoredId(ids[i], scores[i]);
        }

        return result;
    }
}
