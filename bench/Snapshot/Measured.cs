namespace ParameterServer.Bench.Snapshot;

/// <summary>One timed step: bytes and rows it moved and how long it took. MB are 10^6 bytes.</summary>
internal readonly record struct Measured(long Bytes, long Rows, double Seconds)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Seconds;

    public double RowsPerSecond => Rows / Seconds;
}
