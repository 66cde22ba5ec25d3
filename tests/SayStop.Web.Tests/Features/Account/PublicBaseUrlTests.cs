using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Account;

/// <summary>
/// Emailed links come from <c>Site:PublicBaseUrl</c>, never from a request's Host header: outside Development the
/// site does not start without it, and every link of every email the test mail server receives is absolute on it.
/// </summary>
public abstract class PublicBaseUrlTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    [Fact]
    public async Task AForgedHostHeader_ChangesNoLink_AndEveryEmailLinkIsAbsoluteOnTheConfiguredAddress()
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        admin.DefaultRequestHeaders.Host = "evil.example";
        var staffEmail = $"invited-{Guid.NewGuid():N}@test.example";
        var invite = await admin.SubmitAsync("/en/admin/staff", new Dictionary<string, string>
        {
            ["Invite.Email"] = staffEmail,
            ["Invite.DisplayName"] = "Invited Person",
            ["Invite.Culture"] = "fr",
            ["Invite.Roles"] = StaffRoles.Editor,
        }, "main form[action*='Invite']");
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var invitation = await App.Smtp.WaitForAsync(staffEmail);
        Assert.Contains($"{SayStopApp.PublicBaseUrl}/fr/account/setup?token=", invitation.TextBody, StringComparison.Ordinal);

        var learnerEmail = $"learner-{Guid.NewGuid():N}@test.example";
        var visitor = App.Client();
        visitor.DefaultRequestHeaders.Host = "evil.example";
        await visitor.SubmitAsync("/en/go4tips/signin", new Dictionary<string, string> { ["Email"] = learnerEmail }, "#ask-link");
        var signInLink = await App.Smtp.WaitForAsync(learnerEmail);
        Assert.Contains($"{SayStopApp.PublicBaseUrl}/en/go4tips/", signInLink.TextBody, StringComparison.Ordinal);

        var feed = await visitor.GetStringAsync("/en/news/feed.rss");
        Assert.DoesNotContain("evil.example", feed, StringComparison.Ordinal);

        // Every message this site has sent so far, whichever journey sent it.
        Assert.All(App.Smtp.Messages, m => Assert.Empty(TestSmtpServer.LinkProblems(m, SayStopApp.PublicBaseUrl)));
    }

    [Fact]
    public void TheLinkCheck_CatchesRelativeAndForeignLinks()
    {
        var message = new MimeKit.MimeMessage();
        message.Body = new MimeKit.BodyBuilder
        {
            TextBody = "Open /fr/account/setup?token=abc or https://evil.example/en/x, not https://saystop.test/en/ok",
            HtmlBody = "<a href=\"/en/relative\">x</a> <a href=\"https://saystop.test/en/fine\">y</a>",
        }.ToMessageBody();
        var problems = TestSmtpServer.LinkProblems(message, "https://saystop.test");
        Assert.Contains(problems, p => p.Contains("/fr/account/setup?token=abc", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("evil.example", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("/en/relative", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("/en/ok", StringComparison.Ordinal) || p.Contains("/en/fine", StringComparison.Ordinal));
    }
}

public sealed class PublicBaseUrlSqliteTests(SqliteApp app) : PublicBaseUrlTests(app), IClassFixture<SqliteApp>;

public sealed class PublicBaseUrlPostgresTests(PostgresApp app) : PublicBaseUrlTests(app), IClassFixture<PostgresApp>;

/// <summary>Starting the site with and without the setting (own hosts on a throwaway SQLite file).</summary>
public sealed class PublicBaseUrlStartupTests
{
    private static ConfiguredFactory Site(string environment, string? baseUrl, string folder) => new(b =>
    {
        b.UseEnvironment(environment);
        b.UseSetting("Database:Provider", "Sqlite");
        b.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(folder, "saystop.db")}");
        b.UseSetting("Site:SeedDemoContent", "false");
        b.UseSetting("Site:PrintFirstAdministratorLink", "false");
        b.UseSetting("Site:DataDirectory", folder);
        b.UseSetting("Site:PublicBaseUrl", baseUrl ?? string.Empty);
        b.UseSetting("Email:Smtp:Host", "127.0.0.1");
        b.UseSetting("Email:Smtp:Port", TestSmtpServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saystop-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static Exception? StartFailure(ConfiguredFactory factory)
    {
        try
        {
            _ = factory.Services;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("saystop.example")]
    [InlineData("ftp://saystop.example")]
    [InlineData("https://saystop.example/?x=1")]
    public async Task InProduction_WithoutAUsablePublicBaseUrl_TheSiteRefusesToStart_AndSaysWhy(string? value)
    {
        var folder = NewFolder();
        await using var factory = Site("Production", value, folder);
        var failure = StartFailure(factory);
        Assert.NotNull(failure);
        var messages = string.Join(" | ", Flatten(failure).Select(e => e.Message));
        Assert.Contains("Site:PublicBaseUrl must be set", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopment_WithoutIt_LinksFallBackToTheRequestsOwnAddress()
    {
        var folder = NewFolder();
        await using var factory = Site("Development", null, folder);
        Assert.Null(StartFailure(factory));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Host = "dev.example:5123";
        var rss = await client.GetStringAsync("/en/news/feed.rss");
        Assert.Contains("http://dev.example:5123/en/news", rss, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.StartsWith("http", scope.ServiceProvider.GetRequiredService<StaffInvitations>().SetupLink("en", "t"), StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
