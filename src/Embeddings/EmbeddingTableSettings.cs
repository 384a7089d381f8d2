using ParameterServer.Embeddings.Optimizers;

namespace ParameterServer.Embeddings;

/// <summary>Configuration of one embedding table shard. Immutable; validated by <see cref="Validate"/>.</summary>
public sealed record EmbeddingTableSettings
{
    /// <summary>Largest supported dimension; rows stay small enough to batch thousands per call.</summary>
    public const int MaxDimension = 4096;

    /// <summary>Smallest <see cref="FilterMemoryBytes"/>: 4 rows of 256 counters.</summary>
    public const int MinFilterMemoryBytes = 1024;

    /// <summary>Largest <see cref="FilterMemoryBytes"/>: 1 GiB.</summary>
    public const int MaxFilterMemoryBytes = 1 << 30;

    /// <summary>Floats per embedding row. Range 1..<see cref="MaxDimension"/>.</summary>
    public required int Dimension { get; init; }

    /// <summary>How a row is filled the first time an ID is seen. Deterministic per ID.</summary>
    public EmbeddingInitializer Initializer { get; init; } = EmbeddingInitializer.Zeros;

    /// <summary>Sparse optimizer applied to pushed gradients. Ignored by a <see cref="ValuesOnly"/> table.</summary>
    public SparseOptimizerSettings Optimizer { get; init; } = SparseOptimizerSettings.Adagrad(0.05f);

    /// <summary>An ID gets a row only once it has been seen this many times (1 = at once). Range 1..255.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Memory the frequency filter may use, in bytes; bounds its size whatever the ID space.
    /// Range <see cref="MinFilterMemoryBytes"/>..<see cref="MaxFilterMemoryBytes"/>; only allocated when MinCount &gt; 1.</summary>
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
        Check(Dimension is >= 1 and <= MaxDimension, nameof(Dimension), Dimension, $"1..{MaxDimension}");
        Check(MinCount is >= 1 and <= byte.MaxValue, nameof(MinCount), MinCount, "1..255");
        Check(FilterMemoryBytes is >= MinFilterMemoryBytes and <= MaxFilterMemoryBytes, nameof(FilterMemoryBytes), FilterMemoryBytes,
            $"{MinFilterMemoryBytes}..{MaxFilterMemoryBytes} (1 GiB)");
        Check(TimeToLive is null || TimeToLive.Value > TimeSpan.Zero, nameof(TimeToLive), TimeToLive, "null (never) or greater than zero");
        Check(InitialCapacity >= 0, nameof(InitialCapacity), InitialCapacity, "0 or more");
        Check(Enum.IsDefined(Initializer.Kind), "Initializer.Kind", Initializer.Kind, string.Join(", ", Enum.GetNames<EmbeddingInitializerKind>()));
        Check(float.IsFinite(Initializer.Scale) && Initializer.Scale >= 0, "Initializer.Scale", Initializer.Scale, "finite and >= 0");
        if (!ValuesOnly)
        {
            Check(Optimizer is not null, nameof(Optimizer), "null", "an optimizer (or set ValuesOnly)");
            Optimizer!.Validate();
        }
    }

    internal static void Check(bool valid, string setting, object? value, string allowed)
    {
        if (!valid)
        {
            throw new ArgumentException(
                $"EmbeddingTableSettings.{setting} is {value?.ToString() ?? "null"}; allowed: {allowed}.", setting);
        }
    }
}
