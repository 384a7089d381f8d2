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
}
