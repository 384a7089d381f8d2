using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Orleans.Diagnostics;
using ParameterServer.Grains.Telemetry;
using ParameterServer.ServiceDefaults.Dashboard;
using ParameterServer.ServiceDefaults.Health;
using ParameterServer.Telemetry;

namespace ParameterServer.ServiceDefaults;

/// <summary>
/// The operational defaults of every parameter-server process (eShop's ServiceDefaults pattern): OpenTelemetry
/// metrics (parameter server, Orleans, .NET runtime) with a Prometheus endpoint, traces and OTLP export when an OTLP
/// endpoint is configured, health checks, the listening endpoints of section <see cref="OperationsOptions.SectionName"/>
/// and the shutdown timeout.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Orleans's meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The .NET runtime's built-in meter (GC, thread pool, exceptions).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Environment variable (or configuration key) that turns on OTLP export of metrics, traces and logs.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var operations = OperationsOptionsValidator.Read(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(operations));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = operations.ShutdownTimeout);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("The process answers"), [LiveTag]);

        // Used only when the host runs Kestrel (a WebApplication); a console host ignores it.
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(operations.MetricsAddress), operations.MetricsPort);
            if (operations.DashboardPort > 0)
            {
                kestrel.Listen(IPAddress.Parse(operations.DashboardAddress), operations.DashboardPort);
            }
        });

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(ParameterServerTelemetry.MeterName, OrleansMeterName, RuntimeMeterName)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        // Traces only where they can go: every grain call would otherwise be sampled for nothing.
        if (operations.Tracing ?? otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(ParameterServerTelemetry.ActivitySourceName, ActivitySources.AllActivitySourceName));
        }

        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Maps the metrics and health endpoints on Operations:MetricsPort and, on a silo with the dashboard, the Orleans
    /// dashboard and the parameter-server page on Operations:DashboardPort. Each endpoint answers only on its port.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var operations = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        app.UseRouting();
        app.Use(OnlyOnServedPort);

        var metricsPort = new ServedOnPort(operations.MetricsPort);
        app.MapPrometheusScrapingEndpoint(OperationsOptions.MetricsPath).WithMetadata(metricsPort);
        app.MapHealthChecks(OperationsOptions.LivenessPath, Checks(r => r.Tags.Contains(LiveTag))).WithMetadata(metricsPort);
        app.MapHealthChecks(OperationsOptions.ReadinessPath, Checks(r => r.Tags.Contains(ReadyTag))).WithMetadata(metricsPort);
        app.MapHealthChecks(OperationsOptions.HealthPath, Checks(_ => true)).WithMetadata(metricsPort);

        if (operations.DashboardPort > 0 && app.Services.GetService<ParameterServerOverview>() is not null)
        {
            var dashboardPort = new ServedOnPort(operations.DashboardPort);
            app.MapOrleansDashboard(OperationsOptions.DashboardPath).WithMetadata(dashboardPort);
            app.MapGet("/", () => Results.Redirect(OperationsOptions.DashboardPath + "/")).WithMetadata(dashboardPort);
            app.MapGet(OperationsOptions.OverviewPath, async (ParameterServerOverview overview) =>
                Results.Content(OverviewPage.Render(await overview.Collect()), "text/html; charset=utf-8")).WithMetadata(dashboardPort);
            app.MapGet(OperationsOptions.OverviewPath + "/overview.json", async (ParameterServerOverview overview) =>
                Results.Json(await overview.Collect())).WithMetadata(dashboardPort);
        }

        return app;
    }

    private static HealthCheckOptions Checks(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthResponseWriter.Write,
    };

    private static Task OnlyOnServedPort(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ServedOnPort>() is { } served && served.Port != context.Connection.LocalPort)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
