using System.Diagnostics;

namespace ParameterServer.Telemetry;

/// <summary>
/// Names under which the parameter server publishes telemetry: the meter of its instruments (silo and trainer) and the
/// activity source of the client SDK, whose activity spans one call's fan-out to the shard grains.
/// </summary>
public static class ParameterServerTelemetry
{
    /// <summary>Meter of every parameter-server instrument (see <c>ParameterServerInstruments</c>).</summary>
    public const string MeterName = "ParameterServer";

    /// <summary>Activity source of the client SDK: one activity per PullForTraining, PushGradients or Lookup.</summary>
    public const string ActivitySourceName = "ParameterServer";

    /// <summary>Tag naming the table of a call or measurement.</summary>
    public const string TableTag = "ps.table";

    /// <summary>Tag carrying the number of IDs the caller passed.</summary>
    public const string IdsTag = "ps.ids";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Starts the SDK's activity around one call (null when nobody listens); the Orleans grain-call activities
    /// of the shard calls become its children.</summary>
    internal static Activity? StartCall(string operation, string table, int ids)
    {
        var activity = Source.StartActivity($"ps.{operation}", ActivityKind.Internal);
        activity?.SetTag(TableTag, table).SetTag(IdsTag, ids);
        return activity;
    }
}
