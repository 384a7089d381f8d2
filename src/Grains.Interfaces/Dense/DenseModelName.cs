namespace ParameterServer;

/// <summary>Dense grains are keyed by model name: 1..<see cref="MaxLength"/> of <c>[A-Za-z0-9._-]</c>, as table names.</summary>
public static class DenseModelName
{
    public const int MaxLength = 128;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
