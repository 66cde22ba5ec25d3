using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Email;

namespace SayStop.Web.Tests.Infrastructure.Work;

/// <summary>A site with no SMTP server configured, in the environment given.</summary>
public class NoSmtpApp(string environment) : SayStopApp(TestDb.Sqlite)
{
    public string MailFolder => Path.Combine(DataDirectory, "mail");

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Email:Smtp:Host", string.Empty);
    }
}

public sealed class NoSmtpDevelopmentApp() : NoSmtpApp("Development");

public sealed class NoSmtpProductionApp() : NoSmtpApp("Production");

/// <summary>
/// Security Medium 8: the .eml fallback (addresses, invitation links, in clear on disk) is for Development only, said
/// at start-up, and its files expire (<c>Email:FileRetentionDays</c>, 7). The mail folder is not a database matter:
/// these run on SQLite only.
/// </summary>
public sealed class MailFolderDevelopmentTests(NoSmtpDevelopmentApp app) : IClassFixture<NoSmtpDevelopmentApp>
{
    [Fact]
    public async Task InDevelopment_EmailsAreFiles_ThatAreDeletedAfterTheRetention()
    {
        app.Require();
        Assert.Contains(app.Logs.Lines, l => l.Contains("writes emails as .eml files", StringComparison.Ordinal));
        var to = $"eml-{Guid.NewGuid():N}@test.example";
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().EnqueueAsync(to, "Invitation", "Open https://saystop.test/en/account/setup?token=secret");
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && (await FilesNamingAsync(to)).Count == 0)
        {
            await Task.Delay(100);
        }

        Assert.Single(await FilesNamingAsync(to));

        // Eight days later the dispatcher's clean-up (each node, every minute) has deleted it.
        app.Clock.Advance(TimeSpan.FromDays(8));
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && (await FilesNamingAsync(to)).Count > 0)
        {
            await Task.Delay(100);
        }

        Assert.Empty(await FilesNamingAsync(to));
    }

    private async Task<List<string>> FilesNamingAsync(string to)
    {
        var found = new List<string>();
        if (!Directory.Exists(app.MailFolder))
        {
            return found;
        }

        foreach (var file in Directory.EnumerateFiles(app.MailFolder))
        {
            try
            {
                if (System.Text.Encoding.UTF8.GetString(await DatabaseBytes.ReadSharedAsync(file)).Contains(to, StringComparison.Ordinal))
                {
                    found.Add(file);
                }
            }
            catch (FileNotFoundException)
            {
            }
        }

        return found;
    }
}

public sealed class MailFolderProductionTests(NoSmtpProductionApp app) : IClassFixture<NoSmtpProductionApp>
{
    [Fact]
    public async Task OutsideDevelopment_WithoutSmtp_NothingIsWrittenToDisk_TheOutboxWaits_AndTheStartUpLogSaysSo()
    {
        app.Require();
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("No SMTP server configured", StringComparison.Ordinal));
        var to = $"waits-{Guid.NewGuid():N}@test.example";
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<EmailOutbox>().EnqueueAsync(to, "Invitation", "body");
        var dispatcher = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<EmailDispatcher>().Single();
        Assert.Equal(0, await dispatcher.SendDueAsync(CancellationToken.None));
        var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<OutboxEmail>().AsNoTracking().SingleAsync(e => e.To == to);
        Assert.Null(row.SentAt);
        Assert.Equal(0, row.Attempts);
        Assert.False(Directory.Exists(app.MailFolder) && Directory.EnumerateFiles(app.MailFolder).Any(), "an .eml file was written outside Development");
    }
}
