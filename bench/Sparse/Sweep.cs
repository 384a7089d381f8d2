namespace ParameterServer.Bench.Sparse;

/// <summary>Every measured configuration of one system, and the best pull and push among them.</summary>
internal sealed record Sweep(IReadOnlyList<SweepPoint> Points)
{
    public SweepPoint BestPull => Points.MaxBy(p => p.Pull.RowsPerSecond)!;

    public SweepPoint BestPush => Points.MaxBy(p => p.Push.RowsPerSecond)!;

    /// <summary>The shard count whose best pull plus best push is highest.</summary>
    public int BestShards => Points
        .GroupBy(p => p.Shards)
        .MaxBy(g => g.Max(p => p.Pull.RowsPerSecond) + g.Max(p => p.Push.RowsPerSecond))!
        .Key;

    /// <summary>The sweep restricted to <see cref="BestShards"/>.</summary>
    public Sweep AtBestShards => new(Points.Where(p => p.Shards == BestShards).ToArray());
}
