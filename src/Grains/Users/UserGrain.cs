using Microsoft.Extensions.Options;
using ParameterServer.Embeddings;
using ParameterServer.Grains.Hosting;
using ParameterServer.Realtime;

namespace ParameterServer.Grains.Users;

/// <summary>
/// A user in the serving pool: the last <see cref="RecommendationOptions.SequenceLength"/> actions (kept in time order,
/// an exact repeat ignored) and the latest long-term embedding, stored in the registry's grain storage. A
/// recommendation looks up the sequence's item rows in the serving copy, fuses them with the long-term embedding
/// (<see cref="UserQueryFusion"/>) and scatters the query to every serving shard of the item table.
/// </summary>
[PoolPlacementFilter(SiloPool.Serving)]
internal sealed class UserGrain(
    [PersistentState("user", ParameterServerSiloBuilderExtensions.RegistryStorageName)] IPersistentState<UserState> state,
    IOptions<RecommendationOptions> options,
    ParameterServerClient parameterServer,
    FusionWeightsCache fusionWeights) : Grain, IUserGrain
{
    private long UserId => this.GetPrimaryKeyLong();

    public async Task AddActions(UserAction[] actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var recent = state.State.Recent;
        var changed = false;
        foreach (var action in actions)
        {
            if (action is null || action.UserId != UserId)
            {
                throw new InvalidBatchException($"User {UserId}: an action is missing or belongs to another user.");
            }

            var position = ~recent.BinarySearch(action, ActionTimeOrder.Instance);
            if (IsRepeat(recent, position, action))
            {
                continue;
            }

            recent.Insert(position, action);
            changed = true;
        }

        var excess = recent.Count - options.Value.SequenceLength;
        if (excess > 0)
        {
            recent.RemoveRange(0, excess);
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task SetLongTerm(LongTermEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var dimension = options.Value.LongTermDimension;
        if (embedding.Vector is null || embedding.Vector.Length != dimension || FloatSpans.IndexOfNonFinite(embedding.Vector) >= 0)
        {
            throw new InvalidBatchException($"User {UserId}: a long-term embedding needs {dimension} finite floats.");
        }

        if (state.State.LongTerm is { } current && current.ComputedAtMs > embedding.ComputedAtMs)
        {
            return;
        }

        state.State.LongTerm = embedding;
        await state.WriteStateAsync();
    }

    public Task<UserProfile> GetProfile() => Task.FromResult(new UserProfile
    {
        UserId = UserId,
        Recent = state.State.Recent.ToArray(),
        LongTerm = state.State.LongTerm,
        LastActionMs = state.State.Recent.Count == 0 ? 0 : state.State.Recent[^1].TimestampMs,
    });

    public async Task<Recommendation> Recommend(int k, bool excludeSeen)
    {
        if (k is < 1 or > ParameterServerClient.MaxTopK)
        {
            throw new InvalidBatchException($"k is {k}; ask for 1 to {ParameterServerClient.MaxTopK} items.");
        }

        var settings = options.Value;
        var recent = state.State.Recent;
        var longTerm = state.State.LongTerm;
        var sequence = UserQueryFusion.SequenceItems(recent.ConvertAll(action => action.ItemId).ToArray());
        if (recent.Count == 0 && longTerm is null)
        {
            var popular = await GrainFactory.GetGrain<IPopularityGrain>(0).Top(k, excludeSeen ? sequence : []);
            return new Recommendation { UserId = UserId, Source = RecommendationSource.Popularity, Items = popular };
        }

        var table = await parameterServer.GetTable(settings.ItemTable);
        var dimension = table.Dimension - 1;
        var keys = new long[sequence.Length];
        for (var i = 0; i < sequence.Length; i++)
        {
            keys[i] = settings.ItemKeyOffset + sequence[i];
        }

        var rows = keys.Length == 0 ? [] : await parameterServer.Lookup(settings.ItemTable, keys);
        var weights = await fusionWeights.Get(dimension);
        var query = new float[table.Dimension];
        UserQueryFusion.Fuse(weights.Span, longTerm?.Vector, settings.LongTermDimension, rows, table.Dimension, query.AsSpan(0, dimension));
        query[dimension] = 1;

        var exclude = excludeSeen ? keys : [];
        var found = await parameterServer.TopK(settings.ItemTable, query, k, exclude);
        for (var i = 0; i < found.Length; i++)
        {
            found[i] = found[i] with { Id = found[i].Id - settings.ItemKeyOffset };
        }

        return new Recommendation
        {
            UserId = UserId,
            Source = RecommendationSource.Personalized,
            Items = found,
            RealtimeActions = recent.Count,
            UsedLongTerm = longTerm is not null,
        };
    }

    private static bool IsRepeat(List<UserAction> recent, int position, UserAction action)
    {
        for (var i = position; i < recent.Count && recent[i].TimestampMs == action.TimestampMs; i++)
        {
            if (recent[i] == action)
            {
                return true;
            }
        }

        for (var i = position - 1; i >= 0 && recent[i].TimestampMs == action.TimestampMs; i--)
        {
            if (recent[i] == action)
            {
                return true;
            }
        }

        return false;
    }
}
