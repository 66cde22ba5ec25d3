using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Tests.Infrastructure.Localization;

/// <summary>French punctuation keeps its space on the same line (quality issue, point 9).</summary>
public sealed class FrenchTypographyTests
{
    [Theory]
    [InlineData("Vous avez vu ? Dites STOP !", "Vous avez vu\u202F? Dites STOP\u202F!")]
    [InlineData("Attention ; vraiment", "Attention\u202F; vraiment")]
    [InlineData("Note : lire", "Note\u00A0: lire")]
    [InlineData("« Je dis stop »", "«\u202FJe dis stop\u202F»")]
    [InlineData("Déjà\u00A0? oui", "Déjà\u202F? oui")]
    public void TheSpaceBeforeAMark_NeverBreaks(string typed, string shown) =>
        Assert.Equal(shown, FrenchTypography.Apply(typed));

    [Theory]
    [InlineData("https://saystop.example/fr?x=1")]
    [InlineData("à 21:30, le 3/4")]
    [InlineData("Pourquoi?")]
    [InlineData("")]
    public void TextWithoutASpaceBeforeTheMark_IsLeftAlone(string text) =>
        Assert.Equal(text, FrenchTypography.Apply(text));

    [Fact]
    public void OtherLanguages_KeepTheirText() =>
        Assert.Equal("Say STOP !", FrenchTypography.For("en", "Say STOP !"));
}

/// <summary>The rule reaches what a French visitor reads: the catalogue's texts and an editor's post.</summary>
public sealed class FrenchTypographyPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task TheFrenchHomePage_KeepsTheQuestionMarkWithItsWord()
    {
        app.Require();
        // Read as the browser does: the encoder writes the space as &#x202F;.
        var text = (await app.Client().GetDocumentAsync("/fr")).QuerySelector("h1")!.TextContent;
        Assert.Contains("en voyage\u202F? Dites STOP.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("en voyage ? Dites", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFrenchPost_IsShownWithNoBreakSpaces_AndKeptAsTyped()
    {
        app.Require();
        var editor = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Editor));
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/fr/news/manage/edit", new Dictionary<string, string>
        {
            ["Input.Translations[0].Culture"] = "fr",
            ["Input.Translations[0].Title"] = $"Pourquoi dire stop ? {marker}",
            ["Input.Translations[0].Slug"] = "typo-" + marker,
            ["Input.Translations[0].Summary"] = "Résumé : court",
            ["Input.Translations[0].Body"] = "Une « campagne » pour tous !",
            ["Input.Translations[0].CoverAlt"] = string.Empty,
            ["Input.Tags"] = string.Empty,
            ["Input.Publication"] = "Now",
            ["Input.ScheduleAt"] = string.Empty,
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);

        var page = (await app.Client().GetDocumentAsync("/fr/news/typo-" + marker)).Body!.TextContent;
        Assert.Contains("Pourquoi dire stop\u202F?", page, StringComparison.Ordinal);
        Assert.Contains("«\u202Fcampagne\u202F» pour tous\u202F!", page, StringComparison.Ordinal);
        var list = (await app.Client().GetDocumentAsync("/fr/news")).Body!.TextContent;
        Assert.Contains("Résumé\u00A0: court", list, StringComparison.Ordinal);

        await using var db = await app.DbAsync();
        var stored = db.Set<SayStop.Web.Features.News.PostTranslation>().Single(t => t.Slug == "typo-" + marker);
        Assert.Equal($"Pourquoi dire stop ? {marker}", stored.Title);
    }
}
