using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ParameterServer.Operations.Tests;

/// <summary>
/// One silo for the metrics, tracing, health and dashboard tests, with in-memory exporters added to the pipelines
/// AddServiceDefaults builds (Operations:Tracing on, as an OTLP endpoint would turn it on) and snapshots in a
/// temporary folder.
/// </summary>
public sealed class OperationsSiloFixture : IAsyncLifetime
{
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private readonly DirectoryInfo _snapshots = Directory.CreateTempSubdirectory("ops-snapshots-");
    private OperationsSilo? _silo;

    internal OperationsSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    internal LockedList<Activity> Activities { get; } = new();

    public async Task InitializeAsync()
    {
        _silo = await OperationsSilo.Start(
            new Dictionary<string, string?>
            {
                ["Operations:Tracing"] = "true",
                ["Snapshots:Store"] = "LocalFolder",
                ["Snapshots:Folder"] = _snapshots.FullName,
            },
            builder =>
            {
                // Exports only when a test flushes, so each Collect sees the cumulative values at that moment.
                builder.Services.ConfigureOpenTelemetryMeterProvider(metrics =>
                    metrics.AddInMemoryExporter(_metrics, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000));
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities));
            });
    }

    /// <summary>Flushes the meter provider and returns what it exported: every metric's cumulative value now.</summary>
    internal ExportedMetrics CollectMetrics()
    {
        lock (_metrics)
        {
            _metrics.Clear();

            // The result is false whatever the in-memory reader did: the Prometheus reader only exports on a scrape.
            Silo.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
            var exported = _metrics.Snapshot();
            Assert.True(exported.Length > 0, "The in-memory metric exporter received nothing on a flush.");
            return new ExportedMetrics(exported);
        }
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _snapshots.Delete(recursive: true);
    }
}
