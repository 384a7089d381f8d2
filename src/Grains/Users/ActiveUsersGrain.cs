using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>
/// The last action time of every user who acted, for the daily batch inference (recompute only users active since the
/// last run, as Pinterest does) and when that run started. In memory: after a restart the next run recomputes users
/// seen since then.
/// </summary>
internal sealed class ActiveUsersGrain : Grain, IActiveUsersGrain
{
    private readonly Dictionary<long, long> _lastActionMs = [];
    private long _lastInferenceMs;

    public Task Touch(long[] users, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var user in users)
        {
            if (_lastActionMs.GetValueOrDefault(user, long.MinValue) < timestampMs)
            {
                _lastActionMs[user] = timestampMs;
            }
        }

        return Task.CompletedTask;
    }

    public Task<long[]> ActiveSince(long sinceMs)
    {
        var users = new List<long>();
        foreach (var (user, last) in _lastActionMs)
        {
            if (last >= sinceMs)
            {
                users.Add(user);
            }
        }

        users.Sort();
        return Task.FromResult(users.ToArray());
    }

    public Task<long> LastInference() => Task.FromResult(_lastInferenceMs);

    public Task MarkInference(long startedMs)
    {
        // Runs may overlap or finish out of order: the mark only moves forward.
        _lastInferenceMs = Math.Max(_lastInferenceMs, startedMs);
        return Task.CompletedTask;
    }
}
