namespace ParameterServer.Realtime;

/// <summary>
/// The online joiner of one partition (key: partition number), subscribed to that partition's <c>features</c> and
/// <c>actions</c> streams; publishes joined examples to its <c>examples</c> stream.
/// </summary>
[Alias("ps.IJoinerGrain")]
public interface IJoinerGrain : IGrainWithIntegerKey
{
    [Alias("GetStats")]
    Task<JoinerStats> GetStats();
}
