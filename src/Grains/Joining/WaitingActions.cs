namespace ParameterServer.Grains.Joining;

/// <summary>Actions of one request that arrived before its impression.</summary>
internal sealed class WaitingActions(long serial)
{
    /// <summary>Tells this entry from a later one of the same request in the expiry queue.</summary>
    public long Serial { get; } = serial;

    /// <summary>Actions waiting (duplicate positives excluded); counted as unmatched if they expire.</summary>
    public int Count { get; set; }

    /// <summary>One of them is positive.</summary>
    public bool Positive { get; set; }
}
