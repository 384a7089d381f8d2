namespace ParameterServer.Realtime;

/// <summary>
/// The checks a stream event must pass, shared by the publisher (which throws) and the joiner (which rejects the event
/// and goes on). Each returns null for a valid event, else what is wrong, naming the field.
/// </summary>
public static class RealtimeValidation
{
    public static string? Problem(ServedFeatures? features)
    {
        if (features is null)
        {
            return "the impression is null";
        }

        if (features.RequestId == 0)
        {
            return "RequestId is 0; an impression needs a request ID to join its actions";
        }

        if (features.TimestampMs <= 0)
        {
            return $"TimestampMs is {features.TimestampMs}; it must be Unix milliseconds > 0";
        }

        if (features.Keys is null || features.Keys.Length == 0)
        {
            return "Keys is empty";
        }

        if (features.SlotWeights is null || features.SlotWeights.Length != features.Keys.Length)
        {
            return $"Keys has {features.Keys.Length} entries but SlotWeights has {features.SlotWeights?.Length ?? 0}";
        }

        var weight = FirstNonFinite(features.SlotWeights);
        if (weight >= 0)
        {
            return $"SlotWeights[{weight}] is {features.SlotWeights[weight]}; it must be finite";
        }

        if (features.Dense is null)
        {
            return "Dense is null; use an empty array";
        }

        var dense = FirstNonFinite(features.Dense);
        return dense >= 0 ? $"Dense[{dense}] is {features.Dense[dense]}; it must be finite" : null;
    }

    public static string? Problem(UserAction? action)
    {
        if (action is null)
        {
            return "the action is null";
        }

        if (!IsKnown(action.Kind))
        {
            return $"Kind is {(int)action.Kind}, not a defined ActionKind";
        }

        if (action.TimestampMs <= 0)
        {
            return $"TimestampMs is {action.TimestampMs}; it must be Unix milliseconds > 0";
        }

        return action.Kind == ActionKind.Rating && !float.IsFinite(action.Value)
            ? $"Value is {action.Value}; a rating must be finite"
            : null;
    }

    // A switch, not Enum.IsDefined: this runs once per event on the joiner's hot path.
    public static bool IsKnown(ActionKind kind) =>
        kind is ActionKind.Click or ActionKind.Like or ActionKind.Rating or ActionKind.Purchase;

    private static int FirstNonFinite(float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
