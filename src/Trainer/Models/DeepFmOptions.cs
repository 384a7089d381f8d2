namespace ParameterServer.Trainer.Models;

/// <summary>Shape of the DeepFM model.</summary>
public sealed record DeepFmOptions
{
    /// <summary>Embedding size per field (default 16); each parameter-server row holds this plus one first-order weight.</summary>
    public int EmbeddingDimension { get; init; } = 16;

    /// <summary>Widths of the deep part's hidden layers (default 64, 32).</summary>
    public int[] Hidden { get; init; } = [64, 32];

    public int Seed { get; init; } = 1;

    /// <summary>Floats per parameter-server row: the embedding and the field value's first-order weight.</summary>
    public int RowDimension => EmbeddingDimension + 1;

    public void Validate()
    {
        if (EmbeddingDimension is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(EmbeddingDimension), EmbeddingDimension, "EmbeddingDimension must be 1..1024.");
        }

        if (Hidden.Length == 0 || Hidden.Any(h => h is < 1 or > 8192))
        {
            throw new ArgumentOutOfRangeException(nameof(Hidden), string.Join(",", Hidden), "Hidden needs at least one layer of 1..8192 units.");
        }
    }
}
