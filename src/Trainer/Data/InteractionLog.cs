namespace ParameterServer.Trainer.Data;

/// <summary>
/// User actions on items in time order (columns), with what the models need beside them: item categories (genres,
/// shop categories, topics: the "interests" of PinnerFormer's entropy metric), optional user attributes and item names.
/// An action is positive when its code is at least <see cref="PositiveAction"/>.
/// </summary>
public sealed class InteractionLog
{
    public required string Name { get; init; }

    public required long[] Users { get; init; }

    public required long[] Items { get; init; }

    /// <summary>Action code per event, 0..<see cref="ActionTypes"/>-1 (MovieLens: stars; Taobao: pv, cart, fav, buy;
    /// synthetic: impression, click, like, share).</summary>
    public required byte[] Actions { get; init; }

    /// <summary>Unix seconds, non-decreasing.</summary>
    public required long[] Timestamps { get; init; }

    public required int ActionTypes { get; init; }

    /// <summary>Lowest action code that counts as a positive (label 1; a PinnerFormer positive).</summary>
    public required byte PositiveAction { get; init; }

    /// <summary>Lowest action code that belongs in a user's action sequence (PinnerFormer's input): 0 = every event;
    /// the synthetic log sets it to clicks, since an impression alone is not an action of the user.</summary>
    public byte SequenceAction { get; init; }

    /// <summary>Categories of each item (at least one; unknown items get none).</summary>
    public required Dictionary<long, long[]> ItemCategories { get; init; }

    /// <summary>Names of the user attribute fields (empty when the data has none).</summary>
    public string[] UserAttributeNames { get; init; } = [];

    /// <summary>Per user, one code per <see cref="UserAttributeNames"/> entry.</summary>
    public Dictionary<long, long[]> UserAttributes { get; init; } = [];

    /// <summary>Display names of items, where the data has them.</summary>
    public Dictionary<long, string> ItemNames { get; init; } = [];

    public int Count => Users.Length;

    public bool IsPositive(int index) => Actions[index] >= PositiveAction;

    /// <summary>Index of the first event at or after the <paramref name="fraction"/> quantile of event order
    /// (rounded up to a timestamp boundary, so no second is split between train and test).</summary>
    public int SplitIndex(double fraction)
    {
        if (!(fraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The training fraction must be between 0 and 1.");
        }

        var split = (int)(Count * fraction);
        while (split < Count && split > 0 && Timestamps[split] == Timestamps[split - 1])
        {
            split++;
        }

        return split;
    }

    /// <summary>Checks the columns agree and time never goes backwards.</summary>
    public void Validate()
    {
        if (Items.Length != Count || Actions.Length != Count || Timestamps.Length != Count)
        {
            throw new InvalidOperationException($"{Name}: columns have different lengths.");
        }

        for (var i = 1; i < Count; i++)
        {
            if (Timestamps[i] < Timestamps[i - 1])
            {
                throw new InvalidOperationException($"{Name}: event {i} is earlier than event {i - 1}; the log must be in time order.");
            }
        }
    }
}
