using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Tests.Infrastructure.Files;

/// <summary>Every image uploaded to the site goes through the report photos' cleaner: covers and logos too.</summary>
public abstract class PublicImageCleaningTests(SayStopApp app)
{
    /// <summary>A phone JPEG (EXIF with GPS, XMP) with an IPTC block (APP13, Photoshop 3.0 / 8BIM) naming the marker too.</summary>
    internal static byte[] JpegWithGpsXmpAndIptc(string marker)
    {
        var jpeg = TestImages.JpegWithMetadata(marker, 120, 90);
        var text = Encoding.ASCII.GetBytes(marker);
        // 8BIM resource 0x0404 (IPTC-NAA) holding one dataset 2:80 (By-line) = marker.
        var iptc = new List<byte> { 0x1C, 0x02, 80, (byte)(text.Length >> 8), (byte)text.Length };
        iptc.AddRange(text);
        var resource = new List<byte>();
        resource.AddRange("8BIM"u8.ToArray());
        resource.AddRange([0x04, 0x04, 0, 0]);
        resource.AddRange([(byte)(iptc.Count >> 24), (byte)(iptc.Count >> 16), (byte)(iptc.Count >> 8), (byte)iptc.Count]);
        resource.AddRange(iptc);
        if (resource.Count % 2 == 1)
        {
            resource.Add(0);
        }

        var segment = "Photoshop 3.0\0"u8.ToArray().Concat(resource).ToArray();
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        output.Write([0xFF, 0xED, (byte)((segment.Length + 2) >> 8), (byte)(segment.Length + 2)]);
        output.Write(segment);
        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    private static void AssertClean(byte[] served, string marker)
    {
        Assert.True(served.Length > 100);
        Assert.True(served.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) < 0, "the marker survived");
        foreach (var trace in new[] { "Exif\0\0"u8.ToArray(), "http://ns.adobe.com/xap/"u8.ToArray(), "Photoshop 3.0"u8.ToArray(), "8BIM"u8.ToArray() })
        {
            Assert.True(served.AsSpan().IndexOf(trace) < 0, "a metadata block survived: " + Encoding.ASCII.GetString(trace));
        }

        using var picture = SkiaSharp.SKBitmap.Decode(served);
        Assert.Equal((120, 90), (picture.Width, picture.Height));
    }

    [Fact]
    public async Task ANewsCover_IsStoredWithoutGpsXmpOrIptc()
    {
        app.Require();
        var editor = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Editor));
        var marker = "COVER" + Guid.NewGuid().ToString("N")[..12];
        var original = JpegWithGpsXmpAndIptc(marker);
        Assert.True(original.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0);
        var response = await editor.SubmitAsync("/en/news/manage/edit", new Dictionary<string, string>
        {
            ["Input.Translations[2].Culture"] = "en",
            ["Input.Translations[2].Title"] = $"Story {marker}",
            ["Input.Translations[2].Slug"] = string.Empty,
            ["Input.Translations[2].Summary"] = "Summary",
            ["Input.Translations[2].Body"] = "Body text.",
            ["Input.Translations[2].CoverAlt"] = "A beach",
            ["Input.Tags"] = "travel",
            ["Input.Publication"] = "Now",
            ["Input.ScheduleAt"] = string.Empty,
        }, files: new Dictionary<string, (byte[], string, string)> { ["Cover"] = (original, "beach.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var doc = await (await app.Client().GetAsync($"/en/news/story-{marker.ToLowerInvariant()}")).DocumentAsync();
        var src = doc.QuerySelector("img.cover")?.GetAttribute("src");
        Assert.NotNull(src);
        var image = await app.Client().GetAsync(src);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        AssertClean(await image.Content.ReadAsByteArrayAsync(), marker);
    }

    [Fact]
    public async Task TheLogo_IsStoredWithoutGpsXmpOrIptc()
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator));
        var marker = "LOGO" + Guid.NewGuid().ToString("N")[..12];
        var response = await admin.SubmitAsync("/en/admin/organisation", new Dictionary<string, string>
        {
            ["Input.Name"] = "Org " + marker,
            ["Input.ShortName"] = "Org",
        }, files: new Dictionary<string, (byte[], string, string)> { ["Logo"] = (JpegWithGpsXmpAndIptc(marker), "logo.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Guid? logo;
        await using (var scope = app.Scope())
        {
            logo = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<OrganisationProfile>()
                .Where(p => p.Id == OrganisationProfile.SingletonId).Select(p => p.LogoFileId).SingleAsync();
        }

        Assert.NotNull(logo);
        var image = await app.Client().GetAsync($"/files/{logo}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        AssertClean(await image.Content.ReadAsByteArrayAsync(), marker);
    }

    [Fact]
    public async Task AnImageWithTooManyPixels_IsRefusedWithAMessage_InTheVisitorsLanguage()
    {
        app.Require();
        var admin = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.Administrator));
        var response = await admin.SubmitAsync("/fr/admin/organisation", new Dictionary<string, string>
        {
            ["Input.Name"] = "Org",
            ["Input.ShortName"] = "Org",
        }, files: new Dictionary<string, (byte[], string, string)> { ["Logo"] = (TestImages.PngBomb(), "logo.png", "image/png") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("trop de pixels", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class PublicImageCleaningSqliteTests(SqliteApp app) : PublicImageCleaningTests(app), IClassFixture<SqliteApp>;

public sealed class PublicImageCleaningPostgresTests(PostgresApp app) : PublicImageCleaningTests(app), IClassFixture<PostgresApp>;
