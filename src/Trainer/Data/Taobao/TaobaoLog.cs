namespace ParameterServer.Trainer.Data.Taobao;

/// <summary>Taobao UserBehavior as an <see cref="InteractionLog"/>: action = behaviour (pv, cart, fav, buy), positive =
/// cart or stronger (the CTR label: a page view that led to intent), categories = the item's shop category.</summary>
public static class TaobaoLog
{
    public static InteractionLog Read(string path, ReaderOptions? options = null)
    {
        var users = new List<long>();
        var items = new List<long>();
        var actions = new List<byte>();
        var times = new List<long>();
        var categories = new Dictionary<long, long[]>();
        using (var reader = new TaobaoReader(path, options))
        {
            while (reader.TryRead(out var row))
            {
                users.Add(row.User);
                items.Add(row.Item);
                actions.Add((byte)row.Behavior);
                times.Add(row.Timestamp);
                categories.TryAdd(row.Item, [row.Category]);
            }
        }

        // The published file is in time order; a file that is not is sorted here (stably) rather than refused.
        var order = Enumerable.Range(0, users.Count).OrderBy(i => times[i]).ToArray();
        var log = new InteractionLog
        {
            Name = Path.GetFileNameWithoutExtension(path),
            Users = order.Select(i => users[i]).ToArray(),
            Items = order.Select(i => items[i]).ToArray(),
            Actions = order.Select(i => actions[i]).ToArray(),
            Timestamps = order.Select(i => times[i]).ToArray(),
            ActionTypes = 4,
            PositiveAction = (byte)TaobaoBehavior.Cart,
            ItemCategories = categories,
        };
        log.Validate();
        return log;
    }
}
