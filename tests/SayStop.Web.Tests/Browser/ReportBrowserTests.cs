using Microsoft.Playwright;

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

        await page.GotoAsync(app.BaseUrl + "/fr/report");
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
            Buffer = SayStop.Web.Tests.Infrastructure.TestImages.JpegWithMetadata("BROWSERGPS"),
        });
        await page.ClickAsync("button[value=send]");
        Assert.Contains("Photos reçues : 1.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
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
        Assert.Empty(foreign);
    }
}
