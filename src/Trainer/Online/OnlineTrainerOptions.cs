namespace ParameterServer.Trainer.Online;

/// <summary>How the online trainer batches the examples stream.</summary>
public sealed record OnlineTrainerOptions
{
    /// <summary>A step trains once this many examples wait (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>...or once the oldest waiting example has waited this long (default 200 ms).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Stream events buffered before delivery waits for training (default 1,024 batches).</summary>
    public int QueueCapacity { get; init; } = 1_024;

    public void Validate()
    {
        if (BatchSize is < 1 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The online batch size must be 1..65536.");
        }

        if (MaxDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "The online batching delay must be positive.");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The queue needs room for at least one batch.");
        }
    }
}
