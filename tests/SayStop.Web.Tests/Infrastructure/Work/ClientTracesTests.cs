using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Features.Desk;

namespace SayStop.Web.Tests.Infrastructure.Work;

/// <summary>Behind a proxy (forwarded headers on), every log category at every level, cheap Argon2id.</summary>
public class ChattyProxiedApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        DeskApp.Cheap(builder);
        builder.UseSetting("Site:BehindProxy", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
    }
}

public sealed class ChattyProxiedSqliteApp() : ChattyProxiedApp(TestDb.Sqlite);

public sealed class ChattyProxiedPostgresApp() : ChattyProxiedApp(TestDb.Postgres);

/// <summary>
/// Tests issue, promises: no client address or user agent in any log. The main public and staff journeys are walked
/// with marker values in <c>User-Agent</c>, <c>X-Forwarded-For</c> and <c>X-Real-IP</c>, with <c>Site:BehindProxy</c>
/// on and every category (framework ones included) logging at Trace; no captured line carries a marker.
/// </summary>
public abstract class ClientTracesTests(ChattyProxiedApp app)
{
    private const string FormUrl = "/en/report/form";

    protected ChattyProxiedApp App { get; } = app;

    [Fact]
    public async Task NoLogLine_NamesTheClientsAddressOrUserAgent_OnThePublicAndStaffJourneys()
    {
        App.Require();
        var agent = "TraceAgent" + Guid.NewGuid().ToString("N");
        const string address = "198.51.100.77";
        const string proxy = "203.0.113.219";
        HttpClient Marked()
        {
            var client = App.Client();
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 ({agent}) {agent}/1.0");
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", $"{address}, {proxy}");
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Real-IP", address);
            return client;
        }

        // Staff sign in first (a failed try, then the right one), so the report below is sealed to their key.
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var staff = Marked();
        await staff.SubmitAsync("/en/account/signin", new Dictionary<string, string> { ["Input.Email"] = who.Email, ["Input.Password"] = "wrong password, surely" });
        var first = await staff.SubmitAsync("/en/account/signin", new Dictionary<string, string> { ["Input.Email"] = who.Email, ["Input.Password"] = who.Password });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await staff.SubmitAsync(first.Headers.Location!.ToString(), new Dictionary<string, string> { ["Code"] = who.CurrentCode() });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        // Public: pages, the whole report form, the follow-up with the receipt and a reply.
        var visitor = Marked();
        foreach (var path in new[] { "/", "/en", "/en/report", "/en/news", "/en/go4tips", "/en/statistics", "/en/no-such-page" })
        {
            await visitor.GetAsync(path);
        }

        var receipt = await FileAsync(visitor);
        var followUp = await visitor.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        var replied = await visitor.SubmitAsync(await followUp.DocumentAsync(), "/en/report/follow-up", new Dictionary<string, string> { ["Reply"] = "one more thing", ["go"] = "reply" });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        await visitor.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = "AAAA-BBBB-CCCC-DDDD-EEEE", ["go"] = "open" });

        // Staff: the desk inbox, the report page, a question.
        var inbox = await staff.GetDocumentAsync("/en/desk");
        var link = inbox.QuerySelectorAll("a[href*='/desk/report/']").Select(a => a.GetAttribute("href")!).First();
        var page = await staff.GetDocumentAsync(link);
        var asked = await staff.SubmitAsync(page, link, new Dictionary<string, string> { ["Question"] = "Which hotel?" }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        await staff.GetAsync("/en/admin/staff");

        var lines = App.Logs.Lines;
        Assert.True(lines.Count > 50, $"only {lines.Count} log lines: the levels are not at Trace");
        var leaks = lines.Where(l => l.Contains(agent, StringComparison.Ordinal) || l.Contains(address, StringComparison.Ordinal)
                                     || l.Contains(proxy, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "client traces in the logs:\n" + string.Join('\n', leaks.Take(10)));
    }

    private static async Task<string> FileAsync(HttpClient client)
    {
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        foreach (var step in new Dictionary<string, string>[]
                 {
                     new() { ["Input.Country"] = "TH" },
                     new() { ["Input.Kind"] = "Suspicious" },
                     new() { ["Input.When"] = "today" },
                     new(),
                     new(),
                     new(),
                     new() { ["Input.WhatHappened"] = "I saw it" },
                     new() { ["Input.Contact"] = "anonymous" },
                 })
        {
            step["go"] = "next";
            doc = await StepAsync(client, doc, step);
        }

        doc = await StepAsync(client, doc, new Dictionary<string, string> { ["go"] = "send" });
        var receipt = doc.QuerySelector("#receipt")?.TextContent.Trim();
        Assert.NotNull(receipt);
        return receipt;
    }

    private static async Task<IHtmlDocument> StepAsync(HttpClient client, IHtmlDocument doc, Dictionary<string, string> fields)
    {
        var response = await client.SubmitAsync(doc, FormUrl, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }
}

public sealed class ClientTracesSqliteTests(ChattyProxiedSqliteApp app) : ClientTracesTests(app), IClassFixture<ChattyProxiedSqliteApp>;

public sealed class ClientTracesPostgresTests(ChattyProxiedPostgresApp app) : ClientTracesTests(app), IClassFixture<ChattyProxiedPostgresApp>;
