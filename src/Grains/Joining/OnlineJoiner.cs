using Microsoft.Extensions.Options;
using ParameterServer.Realtime;

namespace ParameterServer.Grains.Joining;

/// <summary>
/// Joins the impressions and actions of one partition into training examples; plain C#, one caller at a time.
/// <para>The contract:</para>
/// <list type="bullet">
/// <item><b>Event time, one watermark per stream.</b> Impressions (the features stream) and actions (the actions
/// stream) arrive on different streams with no ordering between them: a batch of impressions may run far ahead of the
/// actions on them (a replay of a day's log publishes its impressions, then its clicks). So each stream has its own
/// watermark, the newest timestamp of any valid event seen on it (<see cref="FeaturesWatermark"/>,
/// <see cref="ActionsWatermark"/>), and each side is closed by the OTHER stream's clock, as in an interval join
/// (Flink takes the minimum of its inputs' watermarks):
/// an open impression closes when <c>TimestampMs + Window &lt; ActionsWatermark</c> (only then can no action on it still
/// be on time), and a waiting action expires when <c>TimestampMs + Window &lt; FeaturesWatermark</c> (only then can its
/// impression no longer arrive). A stream that has not yet delivered a valid event holds the other side until the next
/// <see cref="AdvanceIdle"/>, which gives it the other stream's watermark: a partition without actions still emits
/// negatives (a tick later), while the first batch of a replay is not closed by its own timestamps before its clicks
/// can arrive. Each event first moves its stream's watermark, which closes and expires what became due; then the
/// event is applied. <see cref="AdvanceIdle"/> also moves forward, by wall-clock time, the watermark of each stream
/// that delivered no valid event since its previous call, so a quiet stream does not hold the other side open forever.</item>
/// <item><b>One example per impression while open.</b> A positive action (Click, Like, Purchase, or a Rating of at
/// least <see cref="JoinerOptions.PositiveRating"/>) on an open impression emits a positive (label 1) at once. An
/// impression that closes without one becomes a negative (label 0), emitted only if
/// <see cref="NegativeSampling.Keeps"/> at <see cref="JoinerOptions.NegativeSamplingRate"/>. A non-positive action
/// (a low rating) changes nothing. Closed impressions, positive or not, move to the recent-request store
/// (<see cref="JoinerOptions.RecentRequests"/>, oldest evicted first).</item>
/// <item><b>Early actions</b> (before their impression) wait, for the same window, and join when it arrives; when
/// they expire each counts as <see cref="JoinerStats.Unmatched"/>. So do actions on requests unknown or already
/// evicted from the recent store.</item>
/// <item><b>Late positives.</b> A positive action on a request that closed as a negative (published or dropped by
/// sampling) and is still in the recent store emits one positive with <c>Late = true</c>: the label correction.</item>
/// <item><b>At most one positive per request</b> while it is open or remembered; further positives and repeated
/// impressions are <see cref="JoinerStats.Duplicates"/> and emit nothing.</item>
/// <item><b>Malformed events</b> (<see cref="RealtimeValidation"/>) are rejected one by one and counted; the rest of
/// their batch goes on. Actions with request ID 0 are valid but join nothing.</item>
/// <item><b>Bounds.</b> Beyond <see cref="JoinerOptions.MaxPending"/> open impressions the oldest (by timestamp)
/// closes early, as if its window had passed; beyond as many waiting requests the oldest expire early.</item>
/// </list>
/// Emitted examples share the impression's Keys, SlotWeights and Dense arrays (events are immutable).
/// Counters: Impressions and Actions count valid events (duplicates included); Positives includes LatePositives.
/// </summary>
public sealed class OnlineJoiner
{
    private readonly long _windowMs;
    private readonly int _recentCapacity;
    private readonly int _maxPending;
    private readonly double _samplingRate;
    private readonly float _positiveRating;

    private readonly Dictionary<long, JoinedImpression> _open = [];
    private readonly PriorityQueue<long, long> _openByTime = new();
    private readonly Dictionary<long, JoinedImpression> _recent = [];
    private readonly Queue<long> _recentOrder = new();
    private readonly Dictionary<long, WaitingActions> _waiting = [];
    private readonly PriorityQueue<(long RequestId, long Serial), long> _waitingByTime = new();

    private long _serial;
    private bool _impressionSinceIdleTick;
    private bool _actionSinceIdleTick;
    private long _impressions;
    private long _actions;
    private long _positives;
    private long _latePositives;
    private long _negatives;
    private long _negativesDropped;
    private long _duplicates;
    private long _unmatched;
    private long _rejected;

    public OnlineJoiner(JoinerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new JoinerOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JoinerOptions), validation.Failures);
        }

        _windowMs = (long)options.Window.TotalMilliseconds;
        _recentCapacity = options.RecentRequests;
        _maxPending = options.MaxPending;
        _samplingRate = options.NegativeSamplingRate;
        _positiveRating = options.PositiveRating;
    }

    /// <summary>The features stream's event-time clock, Unix milliseconds (0 before its first valid impression):
    /// waiting actions expire by it.</summary>
    public long FeaturesWatermark { get; private set; }

    /// <summary>The actions stream's event-time clock, Unix milliseconds (0 before its first valid action): open
    /// impressions close by it.</summary>
    public long ActionsWatermark { get; private set; }

    /// <summary>Requests with actions waiting for their impression.</summary>
    public int Waiting => _waiting.Count;

    public JoinerStats Stats => new()
    {
        Impressions = _impressions,
        Actions = _actions,
        Positives = _positives,
        LatePositives = _latePositives,
        Negatives = _negatives,
        NegativesDropped = _negativesDropped,
        Duplicates = _duplicates,
        Unmatched = _unmatched,
        Rejected = _rejected,
        Pending = _open.Count,
    };

    /// <summary>Applies impressions; examples emitted (positives of early actions, negatives closed by the clock) are
    /// appended to <paramref name="output"/>.</summary>
    public void AddImpressions(IReadOnlyList<ServedFeatures> impressions, List<TrainingExample> output)
    {
        for (var i = 0; i < impressions.Count; i++)
        {
            var features = impressions[i];
            if (RealtimeValidation.Problem(features) is not null)
            {
                _rejected++;
                continue;
            }

            _impressions++;
            _impressionSinceIdleTick = true;
            if (features.TimestampMs > FeaturesWatermark)
            {
                FeaturesWatermark = features.TimestampMs;
                CloseDue(output);
            }

            var requestId = features.RequestId;
            if (_open.ContainsKey(requestId) || _recent.ContainsKey(requestId))
            {
                _duplicates++;
                continue;
            }

            var impression = new JoinedImpression(features);
            _open.Add(requestId, impression);
            _openByTime.Enqueue(requestId, features.TimestampMs);
            if (_waiting.Remove(requestId, out var waiting) && waiting.Positive)
            {
                EmitPositive(impression, late: false, output);
            }

            if (_open.Count > _maxPending)
            {
                Close(_openByTime.Dequeue(), output);
            }
        }
    }

    /// <summary>Applies actions; examples emitted are appended to <paramref name="output"/>, and every valid action
    /// to <paramref name="accepted"/> (for forwarding to user grains).</summary>
    public void AddActions(IReadOnlyList<UserAction> actions, List<TrainingExample> output, List<UserAction>? accepted = null)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (RealtimeValidation.Problem(action) is not null)
            {
                _rejected++;
                continue;
            }

            _actions++;
            accepted?.Add(action);
            _actionSinceIdleTick = true;
            if (action.TimestampMs > ActionsWatermark)
            {
                ActionsWatermark = action.TimestampMs;
                CloseDue(output);
            }

            var requestId = action.RequestId;
            if (requestId == 0)
            {
                continue;
            }

            var positive = IsPositive(action);
            if (_open.TryGetValue(requestId, out var impression) || _recent.TryGetValue(requestId, out impression))
            {
                if (!positive)
                {
                    continue;
                }

                if (impression.Positive)
                {
                    _duplicates++;
                    continue;
                }

                // Still open: an on-time positive. Closed (as a negative, kept or dropped): the late correction.
                EmitPositive(impression, late: !_open.ContainsKey(requestId), output);
                continue;
            }

            Wait(requestId, action.TimestampMs, positive);
        }
    }

    /// <summary>Called on a timer: moves the watermark of each stream that has one and delivered no valid event since
    /// the previous call forward by the wall-clock time <paramref name="elapsed"/>, gives a stream that never delivered
    /// one the other stream's watermark, and closes what became due.</summary>
    public void AdvanceIdle(TimeSpan elapsed, List<TrainingExample> output)
    {
        var step = elapsed > TimeSpan.Zero ? (long)elapsed.TotalMilliseconds : 0;
        var moved = false;
        if (!_impressionSinceIdleTick && FeaturesWatermark != 0 && step > 0)
        {
            FeaturesWatermark = Advance(FeaturesWatermark, step);
            moved = true;
        }

        if (!_actionSinceIdleTick && ActionsWatermark != 0 && step > 0)
        {
            ActionsWatermark = Advance(ActionsWatermark, step);
            moved = true;
        }

        if (ActionsWatermark == 0 && FeaturesWatermark != 0)
        {
            ActionsWatermark = FeaturesWatermark;
            moved = true;
        }
        else if (FeaturesWatermark == 0 && ActionsWatermark != 0)
        {
            FeaturesWatermark = ActionsWatermark;
            moved = true;
        }

        _impressionSinceIdleTick = false;
        _actionSinceIdleTick = false;
        if (moved)
        {
            CloseDue(output);
        }
    }

    /// <summary>Click, Like, Purchase, or a Rating of at least <see cref="JoinerOptions.PositiveRating"/>.</summary>
    public bool IsPositive(UserAction action) => action.Kind switch
    {
        ActionKind.Click or ActionKind.Like or ActionKind.Purchase => true,
        ActionKind.Rating => action.Value >= _positiveRating,
        _ => false,
    };

    private static long Advance(long watermark, long step) => watermark > long.MaxValue - step ? long.MaxValue : watermark + step;

    private void CloseDue(List<TrainingExample> output)
    {
        // A stream that has seen nothing (watermark 0) closes nothing until AdvanceIdle hands it the other's clock.
        // Written as ts < watermark - window so that no timestamp can overflow.
        var closeBefore = ActionsWatermark - _windowMs;
        while (_openByTime.TryPeek(out var requestId, out var timestampMs) && timestampMs < closeBefore)
        {
            _openByTime.Dequeue();
            Close(requestId, output);
        }

        var expireBefore = FeaturesWatermark - _windowMs;
        while (_waitingByTime.TryPeek(out var entry, out var timestampMs) && timestampMs < expireBefore)
        {
            _waitingByTime.Dequeue();
            Expire(entry);
        }
    }

    private void Close(long requestId, List<TrainingExample> output)
    {
        _open.Remove(requestId, out var impression);
        if (impression!.Positive)
        {
            impression.Features = null;
        }
        else if (NegativeSampling.Keeps(requestId, _samplingRate))
        {
            output.Add(Example(impression.Features!, label: 0, late: false));
            _negatives++;
        }
        else
        {
            _negativesDropped++;
        }

        Remember(requestId, impression);
    }

    private void Remember(long requestId, JoinedImpression impression)
    {
        if (_recentCapacity == 0)
        {
            return;
        }

        if (_recent.Count >= _recentCapacity)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }

        _recent.Add(requestId, impression);
        _recentOrder.Enqueue(requestId);
    }

    private void Wait(long requestId, long timestampMs, bool positive)
    {
        if (!_waiting.TryGetValue(requestId, out var waiting))
        {
            waiting = new WaitingActions(++_serial);
            _waiting.Add(requestId, waiting);
            _waitingByTime.Enqueue((requestId, waiting.Serial), timestampMs);
        }
        else if (positive && waiting.Positive)
        {
            _duplicates++;
            return;
        }

        waiting.Count++;
        waiting.Positive |= positive;
        while (_waiting.Count > _maxPending && _waitingByTime.TryDequeue(out var oldest, out _))
        {
            Expire(oldest);
        }
    }

    private void Expire((long RequestId, long Serial) entry)
    {
        // The queue keeps entries whose actions already joined their impression: skip those.
        if (_waiting.TryGetValue(entry.RequestId, out var waiting) && waiting.Serial == entry.Serial)
        {
            _waiting.Remove(entry.RequestId);
            _unmatched += waiting.Count;
        }
    }

    private void EmitPositive(JoinedImpression impression, bool late, List<TrainingExample> output)
    {
        impression.Positive = true;
        output.Add(Example(impression.Features!, label: 1, late));
        _positives++;
        if (late)
        {
            _latePositives++;
            impression.Features = null;
        }
    }

    private static TrainingExample Example(ServedFeatures features, float label, bool late) => new()
    {
        RequestId = features.RequestId,
        UserId = features.UserId,
        ItemId = features.ItemId,
        TimestampMs = features.TimestampMs,
        Label = label,
        Late = late,
        Keys = features.Keys,
        SlotWeights = features.SlotWeights,
        Dense = features.Dense,
    };
}
