using ParameterServer.Realtime;

namespace ParameterServer.Grains.Joining;

/// <summary>An impression held by the joiner, open or among the recent requests.</summary>
internal sealed class JoinedImpression(ServedFeatures features)
{
    /// <summary>The features; dropped once a positive was emitted and the impression closed, since nothing more can
    /// be emitted for it and only its request ID is still needed (to refuse duplicates).</summary>
    public ServedFeatures? Features { get; set; } = features;

    /// <summary>A positive was emitted for this request (on time or late); no further example ever is.</summary>
    public bool Positive { get; set; }
}
