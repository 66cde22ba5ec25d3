using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SayStop.Web.Tests.Infrastructure.Work;

/// <summary>A real OTLP/HTTP receiver on 127.0.0.1 gets the site's traces, without paths or query strings.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication? _collector;
    private TelemetryApp? _app;

    private sealed class TelemetryApp(string endpoint) : SayStopApp(TestDb.Sqlite)
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("OpenTelemetry:OtlpEndpoint", endpoint);
            builder.UseSetting("OpenTelemetry:Protocol", "HttpProtobuf");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpContext ctx) =>
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            _received.Enqueue((ctx.Request.Path.Value ?? string.Empty, ms.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync();
        var address = _collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _app = new TelemetryApp(address);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task Traces_AreExportedOverOtlp_WithoutPathsOrQueries()
    {
        var marker = "MARKER" + Guid.NewGuid().ToString("N");
        var client = _app!.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync($"/en/news?tag={marker}");
            await client.GetAsync($"/en/news/{marker}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_received.Any(r => r.Path == "/v1/traces") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var traces = _received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        var text = string.Concat(traces.Select(t => Encoding.Latin1.GetString(t.Body)));
        Assert.Contains("saystop-web", text, StringComparison.Ordinal);
        Assert.Contains("{culture:culture}/news", text, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
    }
}
