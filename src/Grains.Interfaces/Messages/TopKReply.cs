namespace ParameterServer;

/// <summary>A shard's best rows for a <see cref="TopKQuery"/>, best first (score descending, then ID ascending).</summary>
[GenerateSerializer, Immutable, Alias("ps.TopKReply")]
public sealed class TopKReply(byte[] idBytes, byte[] scoreBytes)
{
    [Id(0)] public byte[] IdBytes { get; } = idBytes;

    [Id(1)] public byte[] ScoreBytes { get; } = scoreBytes;

    public ReadOnlySpan<long> Ids => BulkBytes.AsLongs(IdBytes);

    public ReadOnlySpan<float> Scores => BulkBytes.AsFloats(ScoreBytes);
}
