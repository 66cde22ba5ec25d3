using System.Net;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>Three languages: culture-prefixed addresses, the browser's choice at /, a switcher that keeps the page.</summary>
public abstract class LanguageTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    [Theory]
    [InlineData("nl-BE,nl;q=0.9,en;q=0.8", "/nl")]
    [InlineData("fr-FR,fr;q=0.9", "/fr")]
    [InlineData("de-DE,de;q=0.9,fr;q=0.5", "/fr")]
    [InlineData("en-GB", "/en")]
    [InlineData("ja-JP", "/en")]
    [InlineData("", "/en")]
    [InlineData("nl;q=0.2, fr;q=0.8", "/fr")]
    [InlineData(";;;,,q=abc", "/en")]
    public async Task Root_RedirectsToTheBrowsersLanguage(string acceptLanguage, string expected)
    {
        App.Require();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptLanguage.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await App.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/en", "lang", "en")]
    [InlineData("/fr", "lang", "fr")]
    [InlineData("/nl/news", "lang", "nl")]
    public async Task EveryPage_DeclaresItsLanguage(string url, string attribute, string value)
    {
        App.Require();
        var doc = await App.Client().GetDocumentAsync(url);
        Assert.Equal(value, doc.DocumentElement.GetAttribute(attribute));
    }

    [Theory]
    [InlineData("/xx/news")]
    [InlineData("/de")]
    [InlineData("/EN/news")]
    [InlineData("/fr-BE/news")]
    public async Task UnknownCultures_Are404(string url)
    {
        App.Require();
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Switcher_KeepsThePage_AndHreflangListsAllThree()
    {
        App.Require();
        var doc = await App.Client().GetDocumentAsync("/fr/privacy");
        Assert.Equal("/nl/privacy", doc.QuerySelector(".lang-nav a[lang=nl]")?.GetAttribute("href"));
        Assert.Equal("/en/privacy", doc.QuerySelector(".lang-nav a[lang=en]")?.GetAttribute("href"));
        Assert.Equal("true", doc.QuerySelector(".lang-nav a[lang=fr]")?.GetAttribute("aria-current"));
        var hreflangs = doc.QuerySelectorAll("link[rel=alternate][hreflang]").Select(l => l.GetAttribute("hreflang")).ToList();
        Assert.Equal(["fr", "nl", "en", "x-default"], hreflangs);
        Assert.EndsWith("/nl/privacy", doc.QuerySelector("link[hreflang=nl]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/fr/nothing-here", "Page introuvable")]
    [InlineData("/nl/nothing-here", "Pagina niet gevonden")]
    [InlineData("/en/nothing-here", "Page not found")]
    public async Task NotFound_IsFriendlyInThePagesLanguage(string url, string heading)
    {
        App.Require();
        var response = await App.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var doc = await response.DocumentAsync();
        Assert.Equal(heading, doc.QuerySelector("h1")?.TextContent);
    }

    [Theory]
    [InlineData("/report/signs")]
    [InlineData("/report/after")]
    public async Task ReportingGuidance_IsPublishedInTheThreeLanguages_AndLinkedFromTheReportPage(string path)
    {
        App.Require();
        var client = App.Client();
        var headings = new HashSet<string>();
        foreach (var c in new[] { "fr", "nl", "en" })
        {
            var doc = await client.GetDocumentAsync($"/{c}{path}");
            headings.Add(doc.QuerySelector("h1")!.TextContent);
            Assert.True(doc.QuerySelectorAll("main li").Length >= 4, $"/{c}{path} has too little guidance");
            var report = await client.GetDocumentAsync($"/{c}/report");
            Assert.NotNull(report.QuerySelector($"main a[href='/{c}{path}']"));
        }

        Assert.Equal(3, headings.Count);
        Assert.Contains($"/fr{path}", await client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameContent_ExistsInTheThreeLanguages()
    {
        App.Require();
        var client = App.Client();
        var headings = new List<string>();
        foreach (var c in new[] { "fr", "nl", "en" })
        {
            var doc = await client.GetDocumentAsync($"/{c}");
            headings.Add(doc.QuerySelector("h1")!.TextContent);
        }

        Assert.Equal(3, headings.Distinct().Count());
    }
}

public sealed class LanguageSqliteTests(SqliteApp app) : LanguageTests(app), IClassFixture<SqliteApp>;

public sealed class LanguagePostgresTests(PostgresApp app) : LanguageTests(app), IClassFixture<PostgresApp>;
