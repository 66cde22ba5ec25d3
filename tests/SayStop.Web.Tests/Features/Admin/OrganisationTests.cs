using System.Net;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Admin;

/// <summary>The organisation's identity is a setting administrators edit, shown on every page.</summary>
public sealed class OrganisationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Administrator_RenamesTheOrganisation_AndEveryPageShowsIt()
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator));
        var name = "Kinderschutz Test " + Guid.NewGuid().ToString("N")[..6];
        var response = await admin.SubmitAsync("/en/admin/organisation", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.ShortName"] = "KST",
            ["Input.Street"] = "Teststraat 5",
            ["Input.City"] = "Gent",
            ["Input.EnterpriseNumber"] = "0123.456.789",
            ["Input.Email"] = "hello@kst.example",
            ["Input.InstagramUrl"] = "https://instagram.example/kst",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saved.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await app.Client().GetDocumentAsync("/nl/privacy");
        var footer = page.QuerySelector("footer")!.TextContent;
        Assert.Contains(name, footer, StringComparison.Ordinal);
        Assert.Contains("0123.456.789", footer, StringComparison.Ordinal);
        Assert.Equal("https://instagram.example/kst", page.QuerySelector("footer a[href*=instagram]")?.GetAttribute("href"));
        Assert.EndsWith("– KST", page.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://insecure.example")]
    [InlineData("not a url")]
    public async Task SocialLinks_MustBeHttps(string url)
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator));
        var response = await admin.SubmitAsync("/fr/admin/organisation", new Dictionary<string, string>
        {
            ["Input.Name"] = "Org",
            ["Input.ShortName"] = "Org",
            ["Input.FacebookUrl"] = url,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("commençant par https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Enregistré.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logo_MustBeAnImage()
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator));
        var response = await admin.SubmitAsync("/en/admin/organisation", new Dictionary<string, string>
        {
            ["Input.Name"] = "Org",
            ["Input.ShortName"] = "Org",
        }, files: new Dictionary<string, (byte[], string, string)> { ["Logo"] = ("GIF89a not really"u8.ToArray(), "logo.png", "image/png") });
        Assert.Contains("not a PNG, JPEG or WebP", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
