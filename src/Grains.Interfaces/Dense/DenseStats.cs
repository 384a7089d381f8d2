namespace ParameterServer;

/// <summary>What a dense grain holds, for tests and operators.</summary>
[GenerateSerializer, Immutable, Alias("ps.DenseStats")]
public sealed record DenseStats
{
    [Id(0)] public required string Model { get; init; }

    /// <summary>Silo address of the activation.</summary>
    [Id(1)] public required string Silo { get; init; }

    /// <summary>The version held (training: steps applied; serving: the version last taken).</summary>
    [Id(2)] public long Version { get; init; }

    [Id(3)] public int Parameters { get; init; }

    /// <summary>Training only: largest gap seen between a push's base version and the version it was applied to.</summary>
    [Id(4)] public long MaxStaleness { get; init; }
}
