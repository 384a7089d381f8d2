using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ParameterServer.Embeddings;

namespace ParameterServer.Grains.Telemetry;

/// <summary>
/// The shard activations of one silo (a singleton of the silo's container): what the per-shard gauges, the health
/// endpoint and the parameter-server dashboard page report. A shard registers when it binds its table and leaves on
/// deactivation or drop.
/// </summary>
public sealed class LocalShards : IDisposable
{
    // Every live silo of this process (tests run several); the static gauges read them all.
    private static readonly ConcurrentDictionary<LocalShards, byte> Silos = new();

    private readonly ConcurrentDictionary<ShardTelemetry, byte> _shards = new();

    public LocalShards()
    {
        ParameterServerInstruments.EnsureCreated();
        Silos.TryAdd(this, 0);
    }

    /// <summary>The shard activations registered now.</summary>
    public IReadOnlyCollection<ShardTelemetry> Shards => _shards.Keys.ToArray();

    /// <summary>Registers an activation whose rows <paramref name="rows"/> returns (null while it has none).</summary>
    public ShardTelemetry Register(ShardRole role, string table, int shard, Func<EmbeddingTable?> rows)
    {
        var telemetry = new ShardTelemetry(this, role, table, shard, rows);
        _shards.TryAdd(telemetry, 0);
        return telemetry;
    }

    /// <summary>Registers an activation, its role read from the grain's interface.</summary>
    public ShardTelemetry Register(IAddressable grain, string table, int shard, Func<EmbeddingTable?> rows) =>
        Register(grain is ITrainingShardGrain ? ShardRole.Training : ShardRole.Serving, table, shard, rows);

    internal void Remove(ShardTelemetry shard) => _shards.TryRemove(shard, out _);

    public void Dispose()
    {
        Silos.TryRemove(this, out _);
        _shards.Clear();
    }

    internal static IEnumerable<Measurement<long>> MeasureRows()
    {
        foreach (var shard in AllShards())
        {
            yield return new Measurement<long>(
                shard.Rows,
                new KeyValuePair<string, object?>(ParameterServerInstruments.TableTag, shard.Table),
                new KeyValuePair<string, object?>(ParameterServerInstruments.ShardTag, shard.Shard),
                new KeyValuePair<string, object?>(ParameterServerInstruments.RoleTag, shard.RoleName));
        }
    }

    internal static IEnumerable<Measurement<long>> MeasureBytes() =>
        PerTable(shards => shards.Sum(s => s.MemoryBytes));

    internal static IEnumerable<Measurement<long>> MeasureShards() =>
        PerTable(shards => shards.Count());

    private static IEnumerable<Measurement<long>> PerTable(Func<IEnumerable<ShardTelemetry>, long> measure) =>
        AllShards()
            .GroupBy(s => (s.Table, s.RoleName))
            .Select(g => new Measurement<long>(
                measure(g),
                new KeyValuePair<string, object?>(ParameterServerInstruments.TableTag, g.Key.Table),
                new KeyValuePair<string, object?>(ParameterServerInstruments.RoleTag, g.Key.RoleName)));

    private static IEnumerable<ShardTelemetry> AllShards() => Silos.Keys.SelectMany(silo => silo._shards.Keys);
}
