using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings;

/// <summary>Configuration of one embedding table shard. Immutable; validated by <see cref="Validate"/>.</summary>
public sealed record EmbeddingTableSettings
{
    /// <summary>Largest supported dimension; rows stay small enough to batch thousands per call.</summary>
    public const int MaxDimension = 4096;

    /// <summary>Floats per embedding row. Range 1..<see cref="MaxDimension"/>.</summary>
    public required int Dimension { get; init; }

    /// <summary>How a row is filled the first time an ID is seen. Deterministic per ID.</summary>
    public EmbeddingInitializer Initializer { get; init; } = EmbeddingInitializer.Zeros;

    /// <summary>Sparse optimizer applied to pushed gradients. Ignored by a <see cref="ValuesOnly"/> table.</summary>
    public SparseOptimizerSettings Optimizer { get; init; } = SparseOptimizerSettings.Adagrad(0.05f);

    /// <summary>An ID gets a row only once it has been seen this many times (1 = at once). Range 1..255.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Memory the frequency filter may use, in bytes; bounds its size whatever the ID space.</summary>
    public int FilterMemoryBytes { get; init; } = 1 << 20;

    /// <summary>Rows not updated for this long are evicted by <see cref="EmbeddingTable.EvictExpired"/>; null = never.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>A serving copy: values only, no optimizer state, written with <see cref="EmbeddingTable.Upsert"/>.</summary>
    public bool ValuesOnly { get; init; }

    /// <summary>Rows to reserve up front; the table grows past it without moving rows.</summary>
    public int InitialCapacity { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and its allowed range.</summary>
    public void Validate()
    {
        throw new NotImplementedException();
    }
}
