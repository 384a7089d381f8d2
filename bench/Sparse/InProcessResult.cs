using ParameterServer.Bench.Common;

namespace ParameterServer.Bench.Sparse;

/// <summary>In-process table figures: on each batch's distinct IDs (what a shard gets from the SDK) and on the caller's
/// raw batches (duplicates included, as an embedded trainer without the SDK would call it).</summary>
internal sealed record InProcessResult(Rate Lookup, Rate Adagrad, Rate LookupRaw, Rate AdagradRaw, int Rows, long MemoryBytes);
