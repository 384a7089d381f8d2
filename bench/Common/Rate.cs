namespace ParameterServer.Bench.Common;

/// <summary>What a measured window moved: unique rows, caller IDs (with duplicates), calls, and this process's gen0 GCs.</summary>
internal readonly record struct Rate(long Rows, long Ids, long Calls, double Seconds, int Gen0Collections)
{
    public double RowsPerSecond => Rows / Seconds;

    public double IdsPerSecond => Ids / Seconds;

    public double Gen0PerSecond => Gen0Collections / Seconds;
}
