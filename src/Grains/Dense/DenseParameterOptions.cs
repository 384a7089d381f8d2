namespace ParameterServer.Grains.Dense;

/// <summary>Settings of the dense-parameter grains (configuration section <see cref="SectionName"/>).</summary>
public sealed class DenseParameterOptions
{
    public const string SectionName = "DenseParameters";

    /// <summary>Default of <see cref="RefreshInterval"/>: serving takes a new dense version lazily.</summary>
    public static readonly TimeSpan DEFAULT_REFRESH_INTERVAL = TimeSpan.FromHours(1);

    /// <summary>How often a serving dense grain takes the training grain's latest version (default 1 h; 10 ms..1 day).
    /// An explicit publish sends a version at once.</summary>
    public TimeSpan RefreshInterval { get; set; } = DEFAULT_REFRESH_INTERVAL;
}
