using ParameterServer.Realtime;
using ParameterServer.Trainer.Features;

namespace ParameterServer.Trainer.Online;

/// <summary>
/// A CTR data set as the events an application would publish: each example is an impression (its features, keyed by
/// a request ID) and, when its label is positive, a click on it at the same time.
/// </summary>
public static class CtrEvents
{
    /// <summary>Data sets keep seconds; events carry milliseconds.</summary>
    public static long Milliseconds(CtrDataset data, int example) => data.Timestamps[example] * 1_000;

    public static ServedFeatures Features(CtrDataset data, int example, long requestId)
    {
        var slots = data.Schema.SlotCount;
        var dense = data.Schema.DenseCount;
        return new ServedFeatures
        {
            RequestId = requestId,
            UserId = data.Users[example],
            ItemId = data.Items[example],
            TimestampMs = Milliseconds(data, example),
            Keys = data.Keys.AsSpan(example * slots, slots).ToArray(),
            SlotWeights = data.Weights.AsSpan(example * slots, slots).ToArray(),
            Dense = data.Dense.AsSpan(example * dense, dense).ToArray(),
        };
    }

    /// <summary>The click of a positive example; null for a negative one (an impression nobody acted on).</summary>
    public static UserAction? Click(CtrDataset data, int example, long requestId) => data.Labels[example] > 0
        ? new UserAction
        {
            RequestId = requestId,
            UserId = data.Users[example],
            ItemId = data.Items[example],
            Kind = ActionKind.Click,
            TimestampMs = Milliseconds(data, example),
        }
        : null;
}
