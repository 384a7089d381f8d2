using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>Orders actions by time for a binary search that never matches: an action lands after those of equal time,
/// so equal times keep arrival order.</summary>
internal sealed class ActionTimeOrder : IComparer<UserAction>
{
    public static readonly ActionTimeOrder Instance = new();

    public int Compare(UserAction? x, UserAction? y) =>
        x!.TimestampMs <= y!.TimestampMs ? -1 : 1;
}
