namespace ParameterServer.Trainer.Data;

/// <summary>FNV-1a 64 of bytes: a stable code for a categorical string value (never <c>GetHashCode</c>, which is
/// randomised per process).</summary>
public static class ValueCode
{
    public static long Of(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (long)(hash & long.MaxValue);
    }
}
