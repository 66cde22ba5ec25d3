using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>A traveller files a report on a phone, in French, with and without JavaScript, then comes back with the receipt.</summary>
public sealed class ReportBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnAPhone_ATravellerFilesAReport_SavesTheReceipt_AndFollowsItUp(bool javaScript)
    {
        app.Require();
        var phone = new ViewportSize { Width = 375, Height = 740 };
        var (context, page, foreign) = await app.NewPageAsync(locale: "fr-BE", javaScript: javaScript, viewport: phone);
        await using var _ = context;

        // axe and the width check are scripts themselves, so they run on the pass with JavaScript.
        async Task CheckAsync()
        {
            if (javaScript)
            {
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                    page.Url + " scrolls sideways on a phone");
                await BrowserApp.AssertAccessibleAsync(page);
            }
        }

        // A case handler with a key pair exists before the report is filed, so the report is sealed to them too.
        var handler = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var keys = scope.ServiceProvider.GetRequiredService<RecipientKeys>();
            Assert.True(await keys.EnsureCaseHandlerKeyAsync((await users.FindByEmailAsync(handler.Email))!, handler.Password));
        }

        // The first load of the report page, everything included, stays light for a phone on a poor network.
        var responses = new List<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.GotoAsync(app.BaseUrl + "/fr/report");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long firstLoad = 0;
        foreach (var r in responses.ToList())
        {
            firstLoad += (await r.BodyAsync()).Length;
        }

        Assert.True(firstLoad < 100 * 1024, $"the report page's first load is {firstLoad} bytes");
        await CheckAsync();
        await page.CheckAsync("#start-urgent-no");
        await page.ClickAsync("form.start-form button[type=submit]");
        Assert.Contains("/fr/report/form", page.Url, StringComparison.Ordinal);
        await CheckAsync();

        await page.SelectOptionAsync("select[name='Input.Country']", "KH");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.CheckAsync("#kind-Suspicious");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.FillAsync("input[name='Input.When']", "samedi dernier vers 22 h");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.FillAsync("input[name='Input.City']", "Siem Reap");
        await page.SelectOptionAsync("select[name='Input.PlaceKind']", "Bar");
        await page.FillAsync("input[name='Input.Place']", "un bar près du marché");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.FillAsync("input[name='Input.SuspectAge']", "la cinquantaine");
        await page.FillAsync("input[name='Input.SuspectNationality']", "parlait anglais");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.SelectOptionAsync("select[name='Input.ChildrenCount']", "One");
        await page.CheckAsync("#gender-Girls");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.FillAsync("textarea[name='Input.WhatHappened']", "Un homme adulte avec une fillette d'environ dix ans.");
        await page.ClickAsync("button[value=next]");
        await CheckAsync();
        await page.CheckAsync("#contact-anonymous");
        await page.ClickAsync("button[value=next]");
        var review = await page.InnerTextAsync("dl.review");
        Assert.Contains("Cambodge", review, StringComparison.Ordinal);
        Assert.Contains("la cinquantaine", review, StringComparison.Ordinal);
        Assert.Contains("Fille(s)", review, StringComparison.Ordinal);
        await CheckAsync();

        await page.SetInputFilesAsync("input[name=Photos]", new FilePayload
        {
            Name = "IMG_2041.jpg",
            MimeType = "image/jpeg",
            Buffer = TestImages.JpegWithMetadata("BROWSERGPS"),
        });
        await page.ClickAsync("button[value=send]");
        Assert.Contains("Photos reçues\u00A0: 1.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var receipt = (await page.InnerTextAsync("#receipt")).Trim();
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$", receipt);
        await CheckAsync();
        await page.CheckAsync("input[name='Input.SavedIt']");
        await page.ClickAsync("button[value=saved]");
        Assert.Contains("Merci", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await CheckAsync();

        await page.GotoAsync(app.BaseUrl + "/fr/report/follow-up");
        await CheckAsync();
        await page.FillAsync("input[name=Receipt]", receipt);
        await page.ClickAsync("button[value=open]");
        Assert.Contains("Reçu", await page.InnerTextAsync("#report-status"), StringComparison.Ordinal);
        await CheckAsync();

        // A case handler asks a question (through the service layer until the desk exists); the reporter answers.
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var handlerId = (await users.FindByEmailAsync(handler.Email))!.Id;
            using var key = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(handlerId, handler.Password);
            var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
            var locator = receipt.Replace("-", string.Empty, StringComparison.Ordinal)[..Report.LocatorLength];
            var reportId = db.Set<Report>().Single(r => r.Locator == locator).Id;
            await scope.ServiceProvider.GetRequiredService<ReportFollowUp>().AskAsync(reportId, key!, "Quel était le nom du bar ?");
        }

        await page.GotoAsync(app.BaseUrl + "/fr/report/follow-up");
        await page.FillAsync("input[name=Receipt]", receipt);
        await page.ClickAsync("button[value=open]");
        Assert.Contains("Quel était le nom du bar ?", await page.InnerTextAsync("ol.messages"), StringComparison.Ordinal);
        await page.FillAsync("textarea[name=Reply]", "Le Bar du Marché, en face de la pagode.");
        await page.SetInputFilesAsync("input[name=Photos]", new FilePayload
        {
            Name = "bar.png",
            MimeType = "image/png",
            Buffer = TestImages.Picture(120, 90, SkiaSharp.SKEncodedImageFormat.Png),
        });
        await page.ClickAsync("button[value=reply]");
        var conversation = await page.InnerTextAsync("ol.messages");
        Assert.Contains("Le Bar du Marché", conversation, StringComparison.Ordinal);
        Assert.Contains("Photos reçues\u00A0: 1.", conversation, StringComparison.Ordinal);
        await CheckAsync();
        Assert.Empty(foreign);
    }
}
