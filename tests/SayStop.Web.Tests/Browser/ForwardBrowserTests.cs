using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using MimeKit.Cryptography;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Features.Desk;
using SayStop.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// The whole desk journey in Chromium: a report is filed; handler A signs in with TOTP, finds it on top because it
/// is urgent, reads it, asks a question; the reporter answers with the receipt; A prepares a forward to an authority
/// with an S/MIME certificate; handler B approves it; the dossier PDF is produced (its text extracted here) and an
/// encrypted email reaches the test SMTP server; 31 days later the deletion job removes the report, and the
/// statistics row and the public page remain. axe on the new pages.
/// </summary>
public sealed class ForwardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<(IBrowserContext Context, IPage Page, List<string> Foreign)> SignedInAsync(StaffCredentials who)
    {
        var (context, page, foreign) = await app.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/en/account/signin?returnUrl=%2Fen%2Fdesk");
        await page.FillAsync("input[name='Input.Email']", who.Email);
        await page.FillAsync("input[name='Input.Password']", who.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.FillAsync("input[name=Code]", who.CurrentCode());
        await page.ClickAsync("main button[type=submit]");
        Assert.EndsWith("/en/desk", page.Url, StringComparison.Ordinal);
        return (context, page, foreign);
    }

    private static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task FiledAskedAnswered_ForwardedWithFourEyes_AsAnEncryptedDossier_ThenDeleted_StatisticsRemain()
    {
        app.Require();
        var handlerA = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var handlerB = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var (contextA, a, foreignA) = await SignedInAsync(handlerA);
        await using var _ = contextA;
        var (contextB, b, foreignB) = await SignedInAsync(handlerB);
        await using var __ = contextB;

        using var cert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var authorityName = "PH Smime Unit " + Guid.NewGuid().ToString("N")[..6];
        var authorityEmail = $"unit-{Guid.NewGuid():N}@police.example";
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new PoliceAuthority
            {
                Id = Guid.CreateVersion7(), Country = "PH", Name = authorityName, Language = "en", Channel = AuthorityChannel.Email,
                Email = authorityEmail, SmimeCertificate = cert.ExportCertificatePem(), UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var (reporterContext, reporter, reporterForeign) = await app.NewPageAsync();
        await using var ___ = reporterContext;
        var marker = "Fw" + Guid.NewGuid().ToString("N")[..10];
        await DeskBrowserTests.FileAsync(reporter, app.BaseUrl, urgent: false, "An ordinary report " + marker);
        var receipt = await DeskBrowserTests.FileAsync(reporter, app.BaseUrl, urgent: true, "A man with a young girl " + marker);

        // A finds the urgent report on top, reads it, asks.
        await a.GotoAsync($"{app.BaseUrl}/en/desk");
        var first = a.Locator("#inbox tbody tr").First;
        Assert.Contains("Urgent", await first.InnerTextAsync(), StringComparison.Ordinal);
        await first.Locator("a").First.ClickAsync();
        Assert.Contains("A man with a young girl " + marker, await a.InnerTextAsync("#answers"), StringComparison.Ordinal);
        var reportId = Guid.Parse(a.Url.Split('/').Last().Split('?')[0]);
        Assert.Contains(authorityName, await a.InnerTextAsync("#suggestions"), StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(a);
        await a.FillAsync("#ask-form textarea", "Which hotel? " + marker);
        await a.ClickAsync("#ask-form button[type=submit]");

        // The reporter answers with the receipt.
        await reporter.GotoAsync(app.BaseUrl + "/en/report/follow-up");
        await reporter.FillAsync("input[name=Receipt]", receipt);
        await reporter.ClickAsync("button[value=open]");
        Assert.Contains("Which hotel? " + marker, await reporter.InnerTextAsync("main"), StringComparison.Ordinal);
        await reporter.FillAsync("textarea[name=Reply]", "The Seaside hotel " + marker);
        await reporter.ClickAsync("button[value=reply]");

        // A prepares the forward.
        await a.GotoAsync($"{app.BaseUrl}/en/desk/report/{reportId}");
        Assert.Contains("The Seaside hotel " + marker, await a.InnerTextAsync("#messages"), StringComparison.Ordinal);
        await a.ClickAsync("#forward-link");
        Assert.EndsWith($"/en/desk/report/{reportId}/forward", a.Url, StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(a);
        await a.Locator(".suggestion label", new() { HasTextString = authorityName }).ClickAsync();
        await a.FillAsync("#CoveringNote", "Urgent, see the hotel " + marker);
        await a.ClickAsync("#prepare-form button[type=submit]");
        Assert.Contains("another case handler must approve", await a.InnerTextAsync("#forward-done"), StringComparison.Ordinal);
        Assert.Equal(0, await a.Locator(".approve-form").CountAsync());
        await BrowserApp.AssertAccessibleAsync(a);

        // B approves: the dossier leaves encrypted.
        await b.GotoAsync($"{app.BaseUrl}/en/desk/report/{reportId}/forward");
        await BrowserApp.AssertAccessibleAsync(b);
        // Approval builds the PDF (the first one in a process measures the font's drawable characters, ~3 s alone),
        // signs and encrypts it: under the suite's parallel load that has taken more than Playwright's 30 s default.
        await b.ClickAsync(".approve-form button[type=submit]", new() { Timeout = 120_000 });
        await b.WaitForSelectorAsync("#forward-done", new() { Timeout = 120_000 });
        Assert.Contains("leaves encrypted", await b.InnerTextAsync("#forward-done"), StringComparison.Ordinal);
        Assert.Contains("sent encrypted", await b.InnerTextAsync("#forwards"), StringComparison.Ordinal);

        // The dossier PDF, downloaded from the desk with B's session: the answers, the conversation, no internal id.
        var href = await b.GetAttributeAsync("a.dossier-pdf", "href");
        var pdfResponse = await b.Context.APIRequest.GetAsync($"{app.BaseUrl}/en/desk/report/{reportId}/forward{href}");
        Assert.Equal(200, pdfResponse.Status);
        var text = PdfText(await pdfResponse.BodyAsync());
        Assert.Contains(marker, text, StringComparison.Ordinal);
        Assert.Contains("The Seaside hotel " + marker, text, StringComparison.Ordinal);
        Assert.DoesNotContain(reportId.ToString(), text, StringComparison.OrdinalIgnoreCase);
        await using (var scope = app.Scope())
        {
            var locator = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Where(r => r.Id == reportId).Select(r => r.Locator).SingleAsync();
            Assert.DoesNotContain(locator, text, StringComparison.Ordinal);
        }

        // The email at the test SMTP server opens only with the authority's private key.
        var mail = await app.Smtp.WaitForAsync(authorityEmail, TimeSpan.FromSeconds(30));
        using (var raw = new MemoryStream())
        {
            await mail.WriteToAsync(raw);
            Assert.DoesNotContain(marker, System.Text.Encoding.Latin1.GetString(raw.ToArray()), StringComparison.Ordinal);
        }

        using var smime = new TemporarySecureMimeContext();
        smime.Import(new MemoryStream(cert.Export(X509ContentType.Pfx, "pw")), "pw");
        var opened = Assert.IsType<Multipart>(Assert.IsType<MultipartSigned>(Assert.IsType<ApplicationPkcs7Mime>(mail.Body).Decrypt(smime))[0]);
        var pdfPart = opened.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/pdf");
        using (var pdfBytes = new MemoryStream())
        {
            await pdfPart.Content!.DecodeToAsync(pdfBytes);
            Assert.Contains("A man with a young girl " + marker, PdfText(pdfBytes.ToArray()), StringComparison.Ordinal);
        }

        // The reporter reads "forwarded"; 31 days later the job deletes the report; statistics remain.
        await reporter.GotoAsync(app.BaseUrl + "/en/report/follow-up");
        await reporter.FillAsync("input[name=Receipt]", receipt);
        await reporter.ClickAsync("button[value=open]");
        Assert.Contains("Forwarded to the competent police", await reporter.InnerTextAsync("main"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(31));
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.report-deletion").RunAsync(scope.ServiceProvider, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<Report>().AnyAsync(r => r.Id == reportId));
            Assert.False(await db.Set<ReportForward>().AnyAsync(f => f.ReportId == reportId));
            Assert.True(await db.Set<ReportStatistic>().AnyAsync(s => s.Country == "PH" && s.Outcome == ReportOutcome.ForwardedToPolice));
        }

        Assert.Equal(200, (await a.GotoAsync($"{app.BaseUrl}/en/statistics"))!.Status);
        Assert.Empty(foreignA);
        Assert.Empty(foreignB);
        Assert.Empty(reporterForeign);
    }
}
