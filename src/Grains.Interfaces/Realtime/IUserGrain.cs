namespace ParameterServer.Realtime;

/// <summary>
/// One user in the serving pool (key: user ID): the last N actions and the latest long-term embedding, fused into a
/// query for top-k retrieval over the item table.
/// </summary>
[Alias("ps.IUserGrain")]
public interface IUserGrain : IGrainWithIntegerKey
{
    /// <summary>Adds actions to the realtime sequence (kept in time order, duplicates ignored, bounded).</summary>
    [Alias("AddActions")]
    Task AddActions(UserAction[] actions);

    [Alias("SetLongTerm")]
    Task SetLongTerm(LongTermEmbedding embedding);

    [Alias("GetProfile")]
    Task<UserProfile> GetProfile();

    /// <summary>The top <paramref name="k"/> items; <paramref name="excludeSeen"/> leaves out the sequence's items.</summary>
    [Alias("Recommend")]
    Task<Recommendation> Recommend(int k, bool excludeSeen);
}
