namespace ParameterServer.Embeddings;

/// <summary>What one gradient batch did: rows updated, and rows dropped because the ID has not been admitted yet.</summary>
/// <param name="AppliedRows">Distinct table rows updated (duplicate IDs in the batch were summed into one update).</param>
/// <param name="FilteredRows">Batch entries dropped because their ID has no row (each occurrence counts).</param>
public readonly record struct PushOutcome(int AppliedRows, int FilteredRows);
