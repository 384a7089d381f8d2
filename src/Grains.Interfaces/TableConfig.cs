using ParameterServer.Embeddings;

namespace ParameterServer;

/// <summary>
/// A table as the cluster knows it: name, shard count and the settings every shard of it uses.
/// <see cref="Generation"/> is assigned by the registry when the table is created, so a shard can tell a caller
/// that still routes by a dropped table of the same name.
/// </summary>
[GenerateSerializer, Immutable, Alias("ps.TableConfig")]
public sealed record TableConfig
{
    /// <summary>Longest table name accepted.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Most shards one table may have.</summary>
    public const int MaxShards = 4096;

    /// <summary>Table name: 1..<see cref="MaxNameLength"/> characters of letters, digits, '-', '_' or '.'.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Number of shards (1..<see cref="MaxShards"/>); an ID lives in shard <c>ShardRouter.ShardOf(id, Shards)</c>.</summary>
    [Id(1)] public required int Shards { get; init; }

    /// <summary>Dimension, initialiser, optimizer, admission filter and TTL of every shard.</summary>
    [Id(2)] public required EmbeddingTableSettings Embedding { get; init; }

    /// <summary>Set by the registry on creation; 0 in a request to create.</summary>
    [Id(3)] public long Generation { get; init; }

    public int Dimension => Embedding.Dimension;

    /// <summary>Throws <see cref="InvalidTableConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > MaxNameLength || !Name.All(IsNameChar))
        {
            throw new InvalidTableConfigException(
                $"Table name '{Name}' is invalid: use 1 to {MaxNameLength} letters, digits, '-', '_' or '.'.");
        }

        if (Shards is < 1 or > MaxShards)
        {
            throw new InvalidTableConfigException($"Table '{Name}': Shards is {Shards}; it must be between 1 and {MaxShards}.");
        }

        if (Embedding is null)
        {
            throw new InvalidTableConfigException($"Table '{Name}': Embedding settings are missing.");
        }

        if (Embedding.ValuesOnly)
        {
            throw new InvalidTableConfigException(
                $"Table '{Name}': ValuesOnly is for serving copies, which the cluster makes itself; leave it false.");
        }

        try
        {
            Embedding.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidTableConfigException($"Table '{Name}': {e.Message}");
        }
    }

    /// <summary>True when both describe the same table, ignoring <see cref="Generation"/>.</summary>
    public bool SameDefinitionAs(TableConfig other) =>
        Name == other.Name && Shards == other.Shards && Embedding == other.Embedding;

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
