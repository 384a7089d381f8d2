namespace ParameterServer.Trainer.Data.Criteo;

/// <summary>
/// One Criteo example, filled in place by <see cref="CriteoReader.TryRead"/> (one instance is reused for every line):
/// the click label, 13 integer counts and 26 hashed categorical values, each possibly missing.
/// </summary>
public sealed class CriteoRow
{
    public const int IntegerCount = 13;
    public const int CategoryCount = 26;

    /// <summary>1 for a click, 0 otherwise.</summary>
    public int Label { get; internal set; }

    /// <summary>I1..I13 (may be negative); see <see cref="HasInteger"/>.</summary>
    public long[] Integers { get; } = new long[IntegerCount];

    public bool[] HasInteger { get; } = new bool[IntegerCount];

    /// <summary>C1..C26 as 32-bit values of their 8 hex digits; see <see cref="HasCategory"/>.</summary>
    public uint[] Categories { get; } = new uint[CategoryCount];

    public bool[] HasCategory { get; } = new bool[CategoryCount];
}
