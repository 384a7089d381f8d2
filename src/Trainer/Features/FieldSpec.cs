namespace ParameterServer.Trainer.Features;

/// <summary>
/// One sparse feature field of a CTR model: its embeddings live in parameter-server table <see cref="Table"/>; an
/// example carries <see cref="Slots"/> IDs of it (several for a multi-valued field such as genres, averaged).
/// <see cref="HashBuckets"/> &gt; 0 maps values into that many buckets first: a hashed table with collisions, the
/// baseline of Monolith's collisionless table.
/// </summary>
public sealed record FieldSpec(string Name, string Table, int Slots = 1, long HashBuckets = 0);
