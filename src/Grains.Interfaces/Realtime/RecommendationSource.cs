namespace ParameterServer.Realtime;

/// <summary>Where a recommendation's items came from.</summary>
public enum RecommendationSource : byte
{
    /// <summary>The user's long-term embedding fused with the realtime sequence, scored against the item table.</summary>
    Personalized = 1,

    /// <summary>A cold user (no long-term embedding, no recent action): the most popular items lately.</summary>
    Popularity = 2,
}
