namespace ParameterServer.Embeddings;

/// <summary>What one gradient batch did: rows updated, and rows dropped because the ID has not been admitted yet.</summary>
public readonly record struct PushOutcome(int AppliedRows, int FilteredRows);
