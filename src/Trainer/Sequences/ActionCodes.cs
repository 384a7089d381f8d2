using ParameterServer.Realtime;

namespace ParameterServer.Trainer.Sequences;

/// <summary>
/// A realtime <see cref="UserAction"/> as the action code of the log PinnerFormer was trained on: a rating is its stars
/// (MovieLens codes), any other kind its number (Click 1, Like 2, Purchase 4: the synthetic log's click, like and, as
/// the strongest, share), clamped to the model's action types. Taobao's codes (pv 0, cart 1, fav 2, buy 3) do not follow it.
/// </summary>
public static class ActionCodes
{
    public static long Of(UserAction action, int actionTypes)
    {
        ArgumentNullException.ThrowIfNull(action);
        var code = action.Kind == ActionKind.Rating ? (int)MathF.Round(action.Value) : (int)action.Kind;
        return Math.Clamp(code, 0, actionTypes - 1);
    }
}
