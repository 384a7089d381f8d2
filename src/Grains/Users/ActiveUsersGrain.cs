using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>
/// The last action time of every user who acted, for the daily batch inference (recompute only users active since the
/// last run, as Pinterest does). In memory: after a restart the next run recomputes users seen since then.
/// </summary>
internal sealed class ActiveUsersGrain : Grain, IActiveUsersGrain
{
    private readonly Dictionary<long, long> _lastActionMs = [];

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
}
