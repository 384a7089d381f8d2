namespace ParameterServer.Realtime;

/// <summary>Which users acted when (key: 0): the daily batch inference recomputes only users active since its last run.</summary>
[Alias("ps.IActiveUsersGrain")]
public interface IActiveUsersGrain : IGrainWithIntegerKey
{
    [Alias("Touch")]
    Task Touch(long[] users, long timestampMs);

    /// <summary>Users with an action at or after <paramref name="sinceMs"/>, ascending.</summary>
    [Alias("ActiveSince")]
    Task<long[]> ActiveSince(long sinceMs);

    /// <summary>The start time (Unix ms) of the last batch inference that completed; 0 when none has (every user counts).</summary>
    [Alias("LastInference")]
    Task<long> LastInference();

    /// <summary>Records that a batch inference which started at <paramref name="startedMs"/> completed; the next run
    /// recomputes users active since then. An earlier time than the one held is ignored.</summary>
    [Alias("MarkInference")]
    Task MarkInference(long startedMs);
}
