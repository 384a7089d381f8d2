namespace ParameterServer.Embeddings;

/// <summary>
/// The order of top-k results: higher score first, and on equal scores the smaller ID first, so that the result is
/// the same however rows are spread over shards.
/// </summary>
public sealed class TopKOrder : IComparer<(float Score, long Id)>
{
    /// <summary>Sorts the worst candidate first (a heap's root is the one to drop).</summary>
    public static readonly TopKOrder WorstFirst = new();

    private TopKOrder()
    {
    }

    /// <summary>Negative when <paramref name="x"/> ranks below <paramref name="y"/>.</summary>
    public int Compare((float Score, long Id) x, (float Score, long Id) y)
    {
        var byScore = x.Score.CompareTo(y.Score);
        return byScore != 0 ? byScore : y.Id.CompareTo(x.Id);
    }
}
