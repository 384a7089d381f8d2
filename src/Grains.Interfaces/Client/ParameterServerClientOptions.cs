namespace ParameterServer;

/// <summary>Limits the client SDK enforces before anything is sent.</summary>
public sealed class ParameterServerClientOptions
{
    /// <summary>Default of <see cref="MaxIdsPerCall"/>.</summary>
    public const int DEFAULT_MAX_IDS_PER_CALL = 1 << 20;

    /// <summary>Most IDs one Pull, Push or Lookup call may carry (default 1,048,576; range 1..16,777,216).
    /// Larger batches are refused with <see cref="BatchTooLargeException"/> rather than split silently.</summary>
    public int MaxIdsPerCall { get; set; } = DEFAULT_MAX_IDS_PER_CALL;

    /// <summary>How long a table's configuration is trusted before it is read again (default 30 s).</summary>
    public TimeSpan TableCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (MaxIdsPerCall is < 1 or > 1 << 24)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxIdsPerCall), MaxIdsPerCall, "MaxIdsPerCall must be between 1 and 16,777,216.");
        }

        if (TableCacheDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TableCacheDuration), TableCacheDuration, "TableCacheDuration must not be negative.");
        }
    }
}
