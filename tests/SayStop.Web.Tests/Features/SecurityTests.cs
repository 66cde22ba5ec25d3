using System.Net;
using System.Text;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>Headers on every response, antiforgery on every form, and hostile requests that never cause a 500.</summary>
public sealed class SecurityTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/en")]
    [InlineData("/fr/news")]
    [InlineData("/en/no-such-page")]
    [InlineData("/css/site.css")]
    [InlineData("/en/news/feed.rss")]
    [InlineData("/health/ready")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        app.Require();
        var response = await app.Client().GetAsync(url);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task PublicPages_SetNoCookies()
    {
        app.Require();
        foreach (var url in new[] { "/en", "/en/news", "/en/privacy", "/en/report" })
        {
            var response = await app.Client().GetAsync(url);
            Assert.False(response.Headers.Contains("Set-Cookie"), url + " set a cookie");
        }
    }

    [Fact]
    public async Task AFormPostedWithoutOrWithAForgedAntiforgeryToken_IsRefusedWithAFriendlyPage()
    {
        app.Require();
        var client = app.Client();
        var missing = await client.PostAsync("/en/account/signin", new FormUrlEncodedContent([new("Input.Email", "a@b.c"), new("Input.Password", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("form expired", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var doc = await client.GetDocumentAsync("/en/account/signin");
        Assert.NotNull(doc.QuerySelector("form input[name=__af]"));
        var forged = await client.SubmitAsync(doc, "/en/account/signin", new Dictionary<string, string>
        {
            ["__af"] = "CfDJ8forgedforgedforged",
            ["Input.Email"] = "a@b.c",
            ["Input.Password"] = "whatever whatever",
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task EveryFormOnStaffPages_CarriesAnAntiforgeryToken()
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator, StaffRoles.Editor));
        foreach (var url in new[] { "/en/admin/staff", "/en/admin/organisation", "/en/news/manage/edit", "/en/account/manage" })
        {
            var doc = await admin.GetDocumentAsync(url);
            foreach (var form in doc.QuerySelectorAll("form"))
            {
                Assert.Equal("post", form.GetAttribute("method"), StringComparer.OrdinalIgnoreCase);
                Assert.True(form.QuerySelector("input[name=__af]") is not null, $"{url}: form {form.GetAttribute("action")} has no antiforgery token");
            }
        }
    }

    public static TheoryData<string, string, int> HostileRequests() => new()
    {
        // method, url, the answer it must get (200 only where the request is harmless: the sign-in page ignores the address)
        { "GET", "/en/news/" + new string('a', 5000), 404 },
        { "GET", "/en/news?tag=" + new string('x', 3000), 404 },
        { "GET", "/en/news?page=1e9", 404 },
        { "GET", "/en/news/%01%02%7F", 404 },
        { "GET", "/en/news/..%2F..%2Fetc%2Fpasswd", 404 },
        { "GET", "/files/not-a-guid", 404 },
        { "GET", "/files/" + Guid.Empty, 404 },
        { "GET", "/en/account/setup?token=" + new string('A', 5000), 404 },
        { "GET", "/en/account/signin?returnUrl=https://evil.example", 200 },
        { "GET", "/error/999", 404 },
        { "GET", "/%E0%A4%A", 404 },
        { "POST", "/en/account/signin", 400 },
        { "POST", "/en", 400 },
        { "PUT", "/en/news", 400 },
        { "DELETE", "/en", 400 },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task HostileRequests_GetTheirExpectedAnswer_NeverA500(string method, string url, int expected)
    {
        app.Require();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = new StringContent("Input.Email=%FF%FE%00&__af=x", Encoding.Latin1, "application/x-www-form-urlencoded");
        }

        var response = await app.Client().SendAsync(request);
        Assert.True((int)response.StatusCode == expected, $"{method} {url[..Math.Min(url.Length, 60)]} gave {(int)response.StatusCode}, expected {expected}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(new string('x', 3000), body, StringComparison.Ordinal);
        if (expected >= 400 && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            // The site's own error page, in the visitor's language, not a framework page.
            Assert.Contains("<html lang=", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_NeverRedirectsToAnotherSite()
    {
        app.Require();
        Assert.Null(SignInModel.SafeReturnUrl("https://evil.example"));
        Assert.Null(SignInModel.SafeReturnUrl("//evil.example"));
        Assert.Null(SignInModel.SafeReturnUrl("/\\evil.example"));
        Assert.Equal("/en/admin", SignInModel.SafeReturnUrl("/en/admin"));
        var who = await app.CreateStaffAsync(StaffRoles.Editor);
        var client = app.Client();
        var first = await client.SubmitAsync("/en/account/signin?returnUrl=https%3A%2F%2Fevil.example", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        var second = await client.SubmitAsync(first.Headers.Location!.ToString(), new Dictionary<string, string> { ["Code"] = who.CurrentCode() });
        Assert.StartsWith("/en/", second.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormContents_NeverReachTheLogs()
    {
        app.Require();
        var marker = "MARKER" + Guid.NewGuid().ToString("N");
        var client = app.Client();
        // A failed sign-in, a post with hostile form values and a query string, all carrying the marker.
        await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = marker + "@test.example",
            ["Input.Password"] = marker,
        });
        await client.GetAsync($"/en/news?tag={marker}");
        await client.GetAsync($"/en/account/setup?token={marker}");
        var editor = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Editor));
        await editor.SubmitAsync("/en/news/manage/edit", new Dictionary<string, string>
        {
            ["Input.Translations[2].Title"] = marker,
            ["Input.Translations[2].Summary"] = marker,
            ["Input.Translations[2].Body"] = marker,
            ["Input.Publication"] = "Schedule",
            ["Input.ScheduleAt"] = marker,
        });
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_IsReported(string url)
    {
        app.Require();
        var response = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
