namespace ParameterServer;

/// <summary>The serving shard's answer to a <see cref="SyncBatch"/>: applied, or a request for a full copy.</summary>
[GenerateSerializer, Immutable, Alias("ps.SyncReply")]
public readonly record struct SyncReply([property: Id(0)] bool NeedsFullResync);
