namespace ParameterServer.Realtime;

/// <summary>What a user did with a shown item.</summary>
public enum ActionKind : byte
{
    Click = 1,
    Like = 2,

    /// <summary>An explicit rating in <see cref="UserAction.Value"/>; positive at or above the joiner's threshold.</summary>
    Rating = 3,
    Purchase = 4,
}
