using System.Numerics.Tensors;

namespace ParameterServer.Grains.Users;

/// <summary>
/// Fuses a user's long-term embedding L (dimension Lt) with the item rows r_1..r_n of the realtime sequence (dimension
/// D) into a retrieval query: the tokens are t_0 = P·L and the r_j; the anchor a is t_0, or the newest action's row
/// without a long-term embedding; one attention head reads every token from the anchor,
/// s_j = (Wq·a)·(Wk·t_j) / √D, α = softmax(s), and q = a + Wo·Wv·Σ α_j t_j.
/// Weights (a dense model, row-major): P [D×Lt], Wq, Wk, Wv, Wo [D×D]. Without a published model: P = [I 0],
/// Wq = Wk = 0 (equal attention), Wv = Wo = I, so q = a + the mean of the tokens.
/// s_j is computed as (Wkᵀ·Wq·a)·t_j: four matrix-vector products in all, however long the sequence.
/// </summary>
public static class UserQueryFusion
{
    /// <summary>The items a sequence contributes, oldest first: each once, at its latest action (a re-watched item
    /// counts as recent). Serving and the fusion's training both read sequences this way.</summary>
    public static long[] SequenceItems(ReadOnlySpan<long> itemsOldestFirst)
    {
        var seen = new HashSet<long>(itemsOldestFirst.Length);
        var items = new List<long>(itemsOldestFirst.Length);
        for (var i = itemsOldestFirst.Length - 1; i >= 0; i--)
        {
            if (seen.Add(itemsOldestFirst[i]))
            {
                items.Add(itemsOldestFirst[i]);
            }
        }

        items.Reverse();
        return items.ToArray();
    }

    public static int ParameterCount(int dimension, int longTermDimension) =>
        checked(dimension * longTermDimension + 4 * dimension * dimension);

    /// <summary>The fixed weights used until a fusion model is published.</summary>
    public static float[] DefaultWeights(int dimension, int longTermDimension)
    {
        var weights = new float[ParameterCount(dimension, longTermDimension)];
        for (var i = 0; i < Math.Min(dimension, longTermDimension); i++)
        {
            weights[i * longTermDimension + i] = 1;
        }

        var square = dimension * dimension;
        var wv = dimension * longTermDimension + 2 * square;
        for (var i = 0; i < dimension; i++)
        {
            weights[wv + i * dimension + i] = 1;
            weights[wv + square + i * dimension + i] = 1;
        }

        return weights;
    }

    /// <param name="weights">P, Wq, Wk, Wv, Wo flattened</param>
    /// <param name="longTerm">L, or empty</param>
    /// <param name="rows">n rows of <paramref name="rowStride"/> floats, oldest first; the first D floats of each are used</param>
    /// <param name="query">D floats, written</param>
    public static void Fuse(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> longTerm, int longTermDimension,
        ReadOnlySpan<float> rows, int rowStride, Span<float> query)
    {
        var d = query.Length;
        var n = rowStride == 0 ? 0 : rows.Length / rowStride;
        if (weights.Length != ParameterCount(d, longTermDimension) || (longTerm.Length != 0 && longTerm.Length != longTermDimension)
            || rowStride < d || (longTerm.Length == 0 && n == 0))
        {
            throw new ArgumentException("Fusion inputs disagree with the weights' shape, or there is nothing to fuse.");
        }

        var square = d * d;
        var p = weights[..(d * longTermDimension)];
        var wq = weights.Slice(d * longTermDimension, square);
        var wk = weights.Slice(d * longTermDimension + square, square);
        var wv = weights.Slice(d * longTermDimension + 2 * square, square);
        var wo = weights.Slice(d * longTermDimension + 3 * square, square);

        var tokens = longTerm.Length == 0 ? n : n + 1;
        Span<float> scratch = stackalloc float[4 * d + tokens];
        var anchor = scratch[..d];
        var projected = scratch.Slice(d, d);
        var key = scratch.Slice(2 * d, d);
        var mixed = scratch.Slice(3 * d, d);
        var scores = scratch.Slice(4 * d, tokens);

        if (longTerm.Length != 0)
        {
            MatrixVector(p, longTerm, anchor);
        }
        else
        {
            rows.Slice((n - 1) * rowStride, d).CopyTo(anchor);
        }

        MatrixVector(wq, anchor, projected);
        TransposedMatrixVector(wk, projected, key);
        var scale = 1 / MathF.Sqrt(d);
        var first = 0;
        if (longTerm.Length != 0)
        {
            scores[0] = TensorPrimitives.Dot(key, anchor) * scale;
            first = 1;
        }

        for (var j = 0; j < n; j++)
        {
            scores[first + j] = TensorPrimitives.Dot(key, rows.Slice(j * rowStride, d)) * scale;
        }

        TensorPrimitives.SoftMax(scores, scores);
        mixed.Clear();
        if (longTerm.Length != 0)
        {
            TensorPrimitives.MultiplyAdd(anchor, scores[0], mixed, mixed);
        }

        for (var j = 0; j < n; j++)
        {
            TensorPrimitives.MultiplyAdd(rows.Slice(j * rowStride, d), scores[first + j], mixed, mixed);
        }

        MatrixVector(wv, mixed, projected);
        MatrixVector(wo, projected, query);
        TensorPrimitives.Add(query, anchor, query);
    }

    private static void MatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> vector, Span<float> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = TensorPrimitives.Dot(matrix.Slice(i * vector.Length, vector.Length), vector);
        }
    }

    private static void TransposedMatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> vector, Span<float> result)
    {
        result.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(matrix.Slice(i * result.Length, result.Length), vector[i], result, result);
        }
    }
}
