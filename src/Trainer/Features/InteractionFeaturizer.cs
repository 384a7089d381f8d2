using ParameterServer.Trainer.Data;

namespace ParameterServer.Trainer.Features;

/// <summary>
/// CTR features of an <see cref="InteractionLog"/> event: user ID (table <c>users</c>), item ID (table <c>items</c>),
/// the item's categories (averaged) and each user attribute (table <c>features</c>), plus hour-of-day and
/// day-of-week as sin/cos. Label: the action is positive (MovieLens: 4 or 5 stars).
/// </summary>
public sealed class InteractionFeaturizer
{
    public const int DenseFeatures = 4;
    private const int MaxCategorySlots = 6;

    private readonly InteractionLog _log;

    public InteractionFeaturizer(InteractionLog log, string tablePrefix)
    {
        _log = log;
        var categorySlots = Math.Clamp(log.ItemCategories.Values.Select(c => c.Length).DefaultIfEmpty(1).Max(), 1, MaxCategorySlots);
        var fields = new List<FieldSpec>
        {
            new("user", tablePrefix + "users"),
            new("item", tablePrefix + "items"),
            new("category", tablePrefix + "features", categorySlots),
        };
        fields.AddRange(log.UserAttributeNames.Select(name => new FieldSpec(name, tablePrefix + "features")));
        Schema = new CtrSchema(fields, DenseFeatures, itemField: 1);
    }

    public CtrSchema Schema { get; private set; }

    /// <summary>Uses <paramref name="schema"/> (the same fields, possibly hashed) from now on.</summary>
    public InteractionFeaturizer WithSchema(CtrSchema schema)
    {
        if (schema.SlotCount != Schema.SlotCount || schema.Fields.Count != Schema.Fields.Count)
        {
            throw new ArgumentException("The schema must have the same fields and slots.", nameof(schema));
        }

        Schema = schema;
        return this;
    }

    /// <summary>Every event of the log as an example.</summary>
    public CtrDataset Build()
    {
        var data = new CtrDataset(Schema, _log.Count);
        for (var i = 0; i < _log.Count; i++)
        {
            data.Labels[i] = _log.IsPositive(i) ? 1f : 0f;
            data.Users[i] = _log.Users[i];
            data.Items[i] = _log.Items[i];
            data.Timestamps[i] = _log.Timestamps[i];
            Encode(_log.Users[i], _log.Items[i], _log.Timestamps[i],
                data.Keys.AsSpan(i * Schema.SlotCount, Schema.SlotCount),
                data.Weights.AsSpan(i * Schema.SlotCount, Schema.SlotCount),
                data.Dense.AsSpan(i * DenseFeatures, DenseFeatures));
        }

        return data;
    }

    /// <summary>Examples pairing one user with each of <paramref name="items"/> at <paramref name="timestamp"/>
    /// (for ranking candidates); labels are 0.</summary>
    public CtrDataset Candidates(long user, IReadOnlyList<long> items, long timestamp)
    {
        var data = new CtrDataset(Schema, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            data.Users[i] = user;
            data.Items[i] = items[i];
            data.Timestamps[i] = timestamp;
            Encode(user, items[i], timestamp,
                data.Keys.AsSpan(i * Schema.SlotCount, Schema.SlotCount),
                data.Weights.AsSpan(i * Schema.SlotCount, Schema.SlotCount),
                data.Dense.AsSpan(i * DenseFeatures, DenseFeatures));
        }

        return data;
    }

    private void Encode(long user, long item, long timestamp, Span<long> keys, Span<float> weights, Span<float> dense)
    {
        keys[0] = Schema.Key(0, user);
        weights[0] = 1;
        keys[1] = Schema.Key(1, item);
        weights[1] = 1;
        var categorySlots = Schema.Fields[2].Slots;
        var categories = _log.ItemCategories.TryGetValue(item, out var known) ? known : [];
        var used = Math.Min(categories.Length, categorySlots);
        for (var k = 0; k < categorySlots; k++)
        {
            // Padding slots point at one shared row with weight 0: no effect on the output, zero gradient.
            keys[2 + k] = Schema.Key(2, k < used ? categories[k] : -1);
            weights[2 + k] = k < used ? 1f / used : 0f;
        }

        var slot = 2 + categorySlots;
        var attributes = _log.UserAttributes.TryGetValue(user, out var values) ? values : null;
        for (var a = 0; a < _log.UserAttributeNames.Length; a++, slot++)
        {
            keys[slot] = Schema.Key(3 + a, attributes?[a] ?? -1);
            weights[slot] = 1;
        }

        var hour = timestamp % 86_400 / 86_400.0;
        var day = timestamp / 86_400 % 7 / 7.0;
        dense[0] = (float)Math.Sin(2 * Math.PI * hour);
        dense[1] = (float)Math.Cos(2 * Math.PI * hour);
        dense[2] = (float)Math.Sin(2 * Math.PI * day);
        dense[3] = (float)Math.Cos(2 * Math.PI * day);
    }
}
