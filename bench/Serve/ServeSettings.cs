namespace ParameterServer.Bench.Serve;

/// <summary>The shape of a `serve` run (the issue's: 100k items at dim 64 in 4 shards, 1,000 users, 30 s).</summary>
internal sealed record ServeSettings(int Items, int Users, TimeSpan WarmUp, TimeSpan Measure, int InFlight, int FreshnessSamples)
{
    public const int Dimension = 64;
    public const int Shards = 4;
    public const int K = 10;

    public static readonly ServeSettings Full = new(100_000, 1_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), InFlight: 8, FreshnessSamples: 30);

    public static readonly ServeSettings Quick = Full with { WarmUp = TimeSpan.FromSeconds(2), Measure = TimeSpan.FromSeconds(8), FreshnessSamples = 8 };
}
