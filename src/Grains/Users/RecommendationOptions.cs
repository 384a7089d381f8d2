namespace ParameterServer.Grains.Users;

/// <summary>
/// What the user grains recommend from (configuration section <see cref="SectionName"/>). The item table's rows are
/// DeepFM's item rows: <c>dimension - 1</c> embedding floats and a first-order weight last, so the query
/// <c>[q, 1]</c> scores an item by its FM term with the user plus its bias. Item IDs map to rows as
/// <c>row = ItemKeyOffset + item</c> (the CTR schema's item field number + 1 in the top 16 bits).
/// </summary>
public sealed class RecommendationOptions
{
    public const string SectionName = "Recommendations";

    /// <summary>Item table to retrieve from (default "items").</summary>
    public string ItemTable { get; set; } = "items";

    /// <summary>Added to an item ID to get its row ID (default 2^49: the CTR schema keys field f's values as
    /// (f + 1)·2^48 + value, and the item is field 1).</summary>
    public long ItemKeyOffset { get; set; } = 2L << 48;

    /// <summary>Dense model holding the fusion weights (default "recommend.fusion"); until it exists, fixed default weights.</summary>
    public string FusionModel { get; set; } = "recommend.fusion";

    /// <summary>Realtime actions a user grain keeps and fuses (default 64; 1..1024).</summary>
    public int SequenceLength { get; set; } = 64;

    /// <summary>Size of the long-term (PinnerFormer) embedding (default 64).</summary>
    public int LongTermDimension { get; set; } = 64;

    /// <summary>Half-life of the popularity counts (default 1 h).</summary>
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most items the popularity grain tracks (default 100,000); the least popular go first.</summary>
    public int PopularityCapacity { get; set; } = 100_000;

    /// <summary>How long a silo reuses the fusion weights before checking for a newer version (default 10 s).</summary>
    public TimeSpan FusionRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
