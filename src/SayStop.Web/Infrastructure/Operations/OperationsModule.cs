using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Operations;

public static class OperationsModule
{
    /// <summary>
    /// Logs as one JSON object per line on the console, health checks, and OpenTelemetry traces and metrics
    /// sent over OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is set. Request logging stays at the level of
    /// method, route and status: no query strings, no form fields, no headers, no client addresses.
    /// </summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            // A developer reads the console; production log collectors read JSON.
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);

        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            // gRPC (port 4317) by default; "HttpProtobuf" for collectors reached over plain HTTP (port 4318).
            var http = string.Equals(builder.Configuration["OpenTelemetry:Protocol"], "HttpProtobuf", StringComparison.OrdinalIgnoreCase);
            void Exporter(OpenTelemetry.Exporter.OtlpExporterOptions o, string signal)
            {
                o.Protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
                o.Endpoint = new Uri(http ? otlp.TrimEnd('/') + "/v1/" + signal : otlp);
            }

            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("saystop-web"))
                .WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Paths can carry a receipt locator or a token; keep only the route template.
                        o.EnrichWithHttpRequest = (activity, request) =>
                        {
                            activity.SetTag("url.path", null);
                            activity.SetTag("url.query", null);
                            activity.SetTag("client.address", null);
                            activity.SetTag("user_agent.original", null);
                        };
                        o.RecordException = false;
                    })
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(o => Exporter(o, "traces")))
                .WithMetrics(m => m
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddOtlpExporter(o => Exporter(o, "metrics")));
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
