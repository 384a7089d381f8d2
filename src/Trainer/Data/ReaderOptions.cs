namespace ParameterServer.Trainer.Data;

/// <summary>How a reader treats a malformed line.</summary>
public sealed class ReaderOptions
{
    public static readonly ReaderOptions Strict = new();

    /// <summary>False (default): a malformed line throws <see cref="DataFormatException"/>. True: it is skipped and
    /// counted in <see cref="LineReader.SkippedLines"/> (the command line's <c>--skip-bad-lines</c>).</summary>
    public bool SkipBadLines { get; init; }
}
