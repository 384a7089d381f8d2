namespace ParameterServer.Bench.Sparse;

/// <summary>Sizes and durations of one `sparse` run; <see cref="Quick"/> fits in under a minute.</summary>
internal sealed record SparseSettings
{
    public const int Dimension = 32;
    public const int BatchSize = 4096;
    public const long IdSpace = 10_000_000;
    public const double ZipfExponent = 1.05;
    public const float LearningRate = 0.05f;

    /// <summary>Silo default gen0 budget: 64 MB, which removed most gen0 collections in the prototypes.</summary>
    public const string DefaultSiloGen0Size = "0x4000000";

    public required bool IsQuick { get; init; }

    /// <summary>Batches generated up front and cycled through.</summary>
    public required int BatchCount { get; init; }

    /// <summary>Minimum measured time of each in-process figure.</summary>
    public required TimeSpan InProcessTime { get; init; }

    public required TimeSpan WarmUp { get; init; }

    public required TimeSpan Measure { get; init; }

    public required int[] ShardCounts { get; init; }

    public required int[] InFlight { get; init; }

    public required int FreshnessSamples { get; init; }

    /// <summary>DOTNET_GCgen0size for the silo process, or null for the runtime's default.</summary>
    public string? SiloGen0Size { get; init; } = DefaultSiloGen0Size;

    public static SparseSettings Full => new()
    {
        IsQuick = false,
        BatchCount = 512,
        InProcessTime = TimeSpan.FromSeconds(3),
        WarmUp = TimeSpan.FromSeconds(1),
        Measure = TimeSpan.FromSeconds(3),
        ShardCounts = [4, 8],
        InFlight = [2, 4, 8],
        FreshnessSamples = 30,
    };

    public static SparseSettings Quick => new()
    {
        IsQuick = true,
        BatchCount = 128,
        InProcessTime = TimeSpan.FromSeconds(0.7),
        WarmUp = TimeSpan.FromSeconds(0.3),
        Measure = TimeSpan.FromSeconds(1),
        ShardCounts = [4, 8],
        InFlight = [2, 8],
        FreshnessSamples = 8,
    };
}
