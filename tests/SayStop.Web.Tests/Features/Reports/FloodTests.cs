using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Features.Reports;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// The production budgets (per client, site-wide last resort, the send step's wait without proof of work), behind a
/// simulated proxy so that each test client has its own forwarded address. Only Argon2id is cheap, and the locator
/// slow-down is shortened (same doubling and cap code, milliseconds instead of seconds).
/// </summary>
public class FloodApp(TestDb db) : SayStopApp(db)
{
    protected override bool RaiseBudgets => false;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "8");
        builder.UseSetting("Site:BehindProxy", "true");
        builder.UseSetting("Reports:LocatorSlowdown:FirstDelayMilliseconds", "20");
        builder.UseSetting("Reports:LocatorSlowdown:MaxDelayMilliseconds", "200");
    }
}

public sealed class FloodSqliteApp() : FloodApp(TestDb.Sqlite);

public sealed class FloodPostgresApp() : FloodApp(TestDb.Postgres);

/// <summary>Floods of sends and receipt checks, through the real pages: one client cannot deny service to another.</summary>
public abstract partial class FloodTests(FloodApp app)
{
    private const string FormUrl = "/en/report/form";
    private const string FollowUpUrl = "/en/report/follow-up";

    [Fact]
    public async Task AFloodFromOneClient_LeavesAnotherClientFilingAndOpeningItsReceipt()
    {
        app.Require();
        var flooder = ClientAt("203.0.113.66");
        var reporter = ClientAt("198.51.100.23");

        // More complete drafts, each with its proof of work solved, than the site-wide budget of sends a minute.
        var drafts = new List<IHtmlDocument>();
        for (var i = 0; i < 40; i++)
        {
            drafts.Add(await ReviewPageAsync(flooder, "flood " + i));
        }

        var proofs = drafts.Select(Solved).ToList();
        var followUpPage = await flooder.GetDocumentAsync(FollowUpUrl);
        List<Task<(HttpStatusCode Status, string Body)>> Wave() =>
        [
            .. drafts.Select((d, i) => ReadAsync(flooder.SubmitAsync(d, FormUrl, proofs[i]))),
            .. drafts.Select(d => ReadAsync(flooder.SubmitAsync(d, FormUrl, new Dictionary<string, string> { ["go"] = "send" }))),
            .. Enumerable.Range(0, 100).Select(_ => ReadAsync(flooder.SubmitAsync(followUpPage, FollowUpUrl,
                new Dictionary<string, string> { ["Receipt"] = Receipt.Create().ToDisplayString(), ["go"] = "open" }))),
        ];

        var reporterReview = ReviewPageAsync(reporter, "a genuine report during a flood");
        var firstWave = await Task.WhenAll(Wave());
        var review = await reporterReview;

        // A second wave while the reporter sends and opens the receipt.
        var secondWave = Task.WhenAll(Wave());
        var sent = await reporter.SubmitAsync(review, FormUrl, Solved(review));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var receipt = (await sent.DocumentAsync()).QuerySelector("#receipt")?.TextContent.Trim();
        Assert.True(Receipt.TryParse(receipt, out _));
        var opened = await reporter.SubmitAsync(FollowUpUrl, new Dictionary<string, string> { ["Receipt"] = receipt!, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.NotNull((await opened.DocumentAsync()).QuerySelector("#report-status"));

        // The flood met its own budgets: an hour's worth of reports at most, most checks refused, no error.
        var flood = firstWave.Concat(await secondWave).ToList();
        Assert.All(flood, r => Assert.InRange((int)r.Status, 200, 499));
        Assert.InRange(flood.Count(r => r.Body.Contains("id=\"receipt\"", StringComparison.Ordinal)), 1, 10);
        Assert.Contains(flood, r => r.Status == HttpStatusCode.TooManyRequests && r.Body.Contains("Too many attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplayedSend_IsRefusedBeforeItSpendsAPermit()
    {
        app.Require();
        var client = ClientAt("198.51.100.61");
        var review = await ReviewPageAsync(client, "replayed");
        var fields = Solved(review);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(review, FormUrl, fields)).StatusCode);
        for (var i = 0; i < 12; i++)
        {
            var again = await client.SubmitAsync(review, FormUrl, fields);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // Twelve replays are more than this client's whole budget (10 an hour): had they spent permits, this is refused.
        await FileAsync(client, "after the replays");
    }

    [Fact]
    public async Task ManyWrongSecrets_SlowALocatorDown_ButItsHolderStillGetsIn()
    {
        app.Require();
        var holder = ClientAt("198.51.100.71");
        var receipt = await FileAsync(holder, "guessed at");
        var wrong = WrongSecret(receipt);

        // Twelve wrong secrets from two clients: more than the lock-out of ten an hour there used to be.
        foreach (var guesser in new[] { ClientAt("203.0.113.71"), ClientAt("203.0.113.72") })
        {
            var page = await guesser.GetDocumentAsync(FollowUpUrl);
            for (var i = 0; i < 6; i++)
            {
                var r = await guesser.SubmitAsync(page, FollowUpUrl, new Dictionary<string, string> { ["Receipt"] = wrong, ["go"] = "open" });
                Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            }
        }

        Assert.True(Receipt.TryParse(receipt, out var parsed));
        Assert.Equal(12, app.Services.GetRequiredService<FollowUpThrottle>().WrongSecrets(parsed.Locator));
        var opened = await holder.SubmitAsync(FollowUpUrl, new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.NotNull((await opened.DocumentAsync()).QuerySelector("#report-status"));
    }

    [Fact]
    public async Task AnUnknownLocator_SpendsTheSameCheck_AndGivesTheSamePage_AsAWrongSecret()
    {
        app.Require();
        var receipt = await FileAsync(ClientAt("198.51.100.81"), "compared");
        var wrong = WrongSecret(receipt);
        var unknown = Receipt.Create().ToDisplayString();
        var gate = app.Services.GetRequiredService<Argon2Gate>();
        var throttle = app.Services.GetRequiredService<FollowUpThrottle>();
        var client = ClientAt("203.0.113.81");
        var page = await client.GetDocumentAsync(FollowUpUrl);
        async Task<(HttpStatusCode Status, string Body, long Argon2Runs)> TryAsync(string typed)
        {
            var before = gate.Runs;
            var response = await client.SubmitAsync(page, FollowUpUrl, new Dictionary<string, string> { ["Receipt"] = typed, ["go"] = "open" });
            var body = (await response.Content.ReadAsStringAsync()).Replace(typed, "(typed)", StringComparison.Ordinal);
            return (response.StatusCode, AntiforgeryValue().Replace(body, "$1(token)\""), gate.Runs - before);
        }

        var byWrongSecret = await TryAsync(wrong);
        var byUnknownLocator = await TryAsync(unknown);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, byWrongSecret.Status);
        Assert.Equal(byWrongSecret.Status, byUnknownLocator.Status);
        Assert.Equal(byWrongSecret.Body, byUnknownLocator.Body);
        Assert.Equal(1, byWrongSecret.Argon2Runs);
        Assert.Equal(1, byUnknownLocator.Argon2Runs);
        Assert.True(Receipt.TryParse(wrong, out var w));
        Assert.True(Receipt.TryParse(unknown, out var u));
        Assert.Equal(1, throttle.WrongSecrets(w.Locator));
        Assert.Equal(1, throttle.WrongSecrets(u.Locator));
    }

    [Fact]
    public async Task WithoutJavaScript_ASendIsAcceptedAfterAFewSeconds_NotBefore()
    {
        app.Require();
        var client = ClientAt("198.51.100.91");
        var review = await ReviewPageAsync(client, "no script");
        var token = review.QuerySelector("input[name=Challenge]")!.GetAttribute("value");
        var early = await client.SubmitAsync(review, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
        var again = await early.DocumentAsync();
        Assert.Contains("Please wait a few seconds", again.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(again.QuerySelector("dl.review"));
        Assert.Equal(token, again.QuerySelector("input[name=Challenge]")!.GetAttribute("value"));

        app.Clock.Advance(TimeSpan.FromSeconds(6));
        var sent = await client.SubmitAsync(again, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.NotNull((await sent.DocumentAsync()).QuerySelector("#receipt"));
    }

    [GeneratedRegex("(name=\"__af\"[^>]*value=\")[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    private HttpClient ClientAt(string address)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the page's script does: the proof of work for the challenge the review page carries.</summary>
    private static Dictionary<string, string> Solved(IHtmlDocument review)
    {
        var challenge = review.QuerySelector("input[name=Challenge]") ?? throw new InvalidOperationException("no challenge on the page");
        var difficulty = int.Parse(challenge.GetAttribute("data-send-difficulty")!, System.Globalization.CultureInfo.InvariantCulture);
        return new() { ["go"] = "send", ["Proof"] = SendChallenges.Solve(challenge.GetAttribute("value")!, difficulty) };
    }

    private static string WrongSecret(string receipt)
    {
        var last = receipt[^1] == '0' ? '1' : '0';
        return receipt[..^1] + last;
    }

    private static async Task<IHtmlDocument> ReviewPageAsync(HttpClient client, string what)
    {
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        foreach (var step in new Dictionary<string, string>[]
                 {
                     new() { ["Input.Country"] = "BE" },
                     new() { ["Input.Kind"] = "Suspicious" },
                     new() { ["Input.When"] = "today" },
                     new(),
                     new(),
                     new(),
                     new() { ["Input.WhatHappened"] = what },
                     new() { ["Input.Contact"] = "anonymous" },
                 })
        {
            step["go"] = "next";
            var response = await client.SubmitAsync(doc, FormUrl, step);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            doc = await response.DocumentAsync();
        }

        Assert.NotNull(doc.QuerySelector("dl.review"));
        return doc;
    }

    private static async Task<string> FileAsync(HttpClient client, string what)
    {
        var review = await ReviewPageAsync(client, what);
        var sent = await client.SubmitAsync(review, FormUrl, Solved(review));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var receipt = (await sent.DocumentAsync()).QuerySelector("#receipt")?.TextContent.Trim();
        Assert.True(Receipt.TryParse(receipt, out _), "no receipt on the page");
        return receipt!;
    }
}

public sealed class FloodSqliteTests(FloodSqliteApp app) : FloodTests(app), IClassFixture<FloodSqliteApp>;

public sealed class FloodPostgresTests(FloodPostgresApp app) : FloodTests(app), IClassFixture<FloodPostgresApp>;
