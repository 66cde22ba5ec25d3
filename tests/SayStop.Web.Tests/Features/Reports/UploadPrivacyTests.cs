using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// What a report's upload leaves behind: no original photo on disk while it arrives, no id or log line that tells
/// the time of day a report, its photos or its messages were made.
/// </summary>
public abstract class UploadPrivacyTests(ReportsApp app)
{
    private const string FormUrl = "/en/report/form";

    protected ReportsApp App { get; } = app;

    /// <summary>
    /// A phone photo (EXIF with the marker in its GPS latitude reference and owner, XMP with the marker), made larger
    /// than ASP.NET's 64 KB in-memory threshold with comment segments of noise.
    /// </summary>
    internal static byte[] BigPhoneJpeg(string marker)
    {
        var jpeg = TestImages.JpegWithMetadata(marker, 640, 480);
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        for (var i = 0; i < 6; i++)
        {
            var noise = RandomNumberGenerator.GetBytes(60_000);
            output.Write([0xFF, 0xFE, (byte)((noise.Length + 2) >> 8), (byte)(noise.Length + 2)]);
            output.Write(noise);
        }

        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    /// <summary>Walks the form to its review step (the send form).</summary>
    internal static async Task<IHtmlDocument> ReviewPageAsync(HttpClient client, string what)
    {
        async Task<IHtmlDocument> Next(IHtmlDocument doc, Dictionary<string, string> fields)
        {
            fields["go"] = "next";
            var response = await client.SubmitAsync(doc, FormUrl, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.DocumentAsync();
        }

        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        doc = await Next(doc, new() { ["Input.Country"] = "TH" });
        doc = await Next(doc, new() { ["Input.Kind"] = "Suspicious" });
        doc = await Next(doc, new() { ["Input.When"] = "yesterday" });
        doc = await Next(doc, new());
        doc = await Next(doc, new());
        doc = await Next(doc, new());
        doc = await Next(doc, new() { ["Input.WhatHappened"] = what });
        doc = await Next(doc, new() { ["Input.Contact"] = "anonymous" });
        Assert.NotNull(doc.QuerySelector("dl.review"));
        return doc;
    }

    /// <summary>The send form's fields (hidden ones and "go"), as multipart text parts.</summary>
    internal static byte[] TextParts(IHtmlDocument review, string boundary)
    {
        var form = (IHtmlFormElement)review.QuerySelector("main form")!;
        var sb = new StringBuilder();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{input.GetAttribute("name")}\"\r\n\r\n{input.GetAttribute("value")}\r\n");
        }

        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"go\"\r\n\r\nsend\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    internal static byte[] FilePart(string boundary, string name, string fileName, byte[] bytes, string contentType = "image/jpeg") =>
    [
        .. Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n"),
        .. bytes,
        .. "\r\n"u8,
    ];

    private async Task CreateRecoveryKeyAsync()
    {
        await using var scope = App.Scope();
        await scope.ServiceProvider.GetRequiredService<RecipientKeys>().CreateRecoveryKeyAsync();
    }

    [Fact]
    public async Task APhotoOverTheLimit_IsRefusedWithAMessage_WithoutKeepingIt()
    {
        App.Require();
        await CreateRecoveryKeyAsync();
        var client = App.Client();
        var review = await ReviewPageAsync(client, "too large");
        const string boundary = "----saystop-large";
        var tooLarge = new byte[PhotoCleaner.MaxBytes + 1];
        TestImages.Picture(20, 20).CopyTo(tooLarge, 0);
        var body = TextParts(review, boundary).Concat(FilePart(boundary, "Photos", "big.jpg", tooLarge)).Concat(Encoding.UTF8.GetBytes($"--{boundary}--\r\n")).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        var response = await client.PostAsync(FormUrl, content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("is larger than 10 MB", (await response.DocumentAsync()).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoIdOfAnythingNamingAReport_CarriesTheTimeOfDay_AndNoLogLineNamesTheReport()
    {
        App.Require();
        await CreateRecoveryKeyAsync();
        var handler = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        await App.SignInAsync(handler); // the password step gives the handler a key pair
        Guid handlerId;
        await using (var scope = App.Scope())
        {
            handlerId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(handler.Email))!.Id;
        }

        var logsBefore = App.Logs.Lines.Count;
        var marker = "IDS" + Guid.NewGuid().ToString("N");
        var client = App.Client();
        var review = await ReviewPageAsync(client, "ids " + marker);
        var sent = await client.SubmitAsync(review, FormUrl, new Dictionary<string, string> { ["go"] = "send" },
            files: new Dictionary<string, (byte[], string, string)> { ["Photos"] = (TestImages.JpegWithMetadata(marker, 40, 30), "a.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var receipt = (await sent.DocumentAsync()).QuerySelector("#receipt")!.TextContent.Trim();
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        Guid reportId;
        string reference;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (reportId, reference) = await db.Set<Report>().Where(r => r.Locator == parsed.Locator).Select(r => new ValueTuple<Guid, string>(r.Id, r.Reference)).SingleAsync();
        }

        // A handler asks, notes and changes the status; the reporter answers with a photo.
        await using (var scope = App.Scope())
        {
            using var key = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(handlerId, handler.Password);
            var cases = scope.ServiceProvider.GetRequiredService<CaseFile>();
            Assert.Equal(CaseAccess.Opened, await cases.AskAsync(reportId, handlerId, key!, "Which hotel?", "https://saystop.test"));
            Assert.Equal(CaseAccess.Opened, await cases.AddNoteAsync(reportId, handlerId, key!, "note " + marker));
            Assert.Equal(CaseAccess.Opened, await cases.SetStatusAsync(reportId, handlerId, key!, ReportStatus.BeingAnalysed));
        }

        var reporter = App.Client();
        var opened = await reporter.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var replied = await reporter.SubmitAsync(await opened.DocumentAsync(), "/en/report/follow-up",
            new Dictionary<string, string> { ["Reply"] = "Hotel " + marker, ["go"] = "reply" },
            files: new Dictionary<string, (byte[], string, string)> { ["Photos"] = (TestImages.JpegWithMetadata(marker, 40, 30), "b.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var checkedTables = new List<string>();
            var reportRows = db.Model.GetEntityTypes().Where(e => e.FindProperty("ReportId") is not null || e.ClrType == typeof(Report)).ToList();
            // A row's own id and its links to other rows of the report; ids of staff accounts, keys or authorities it
            // points to were made when those were, not when the report was.
            bool NamesTheReport(Microsoft.EntityFrameworkCore.Metadata.IProperty p)
            {
                var links = p.GetContainingForeignKeys().ToList();
                return links.Count == 0
                    ? p.IsPrimaryKey() || p.Name == nameof(Report.SubmissionId)
                    : links.Any(fk => reportRows.Contains(fk.PrincipalEntityType));
            }

            foreach (var entity in reportRows)
            {
                var rows = await (Task<List<object>>)typeof(UploadPrivacyTests).GetMethod(nameof(RowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(entity.ClrType).Invoke(null, [db, reportId])!;
                foreach (var row in rows)
                {
                    foreach (var property in entity.GetProperties().Where(p => (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)) && NamesTheReport(p)))
                    {
                        if (property.PropertyInfo?.GetValue(row) is Guid id && id != Guid.Empty)
                        {
                            Assert.False(CarriesTimeOfDay(id), $"{entity.GetTableName()}.{property.Name} = {id} carries the time it was made");
                        }
                    }
                }

                if (rows.Count > 0)
                {
                    checkedTables.Add(entity.GetTableName()!);
                }
            }

            foreach (var expected in new[] { "Reports", "ReportAttachments", "ReportMessages", "ReportNotes", "CaseEvents", "ReportSealedKeys" })
            {
                Assert.Contains(expected, checkedTables);
            }
        }

        // Staff actions may be logged with the report's id (they are the staff's times); what the reporter does may not.
        var reporterSide = App.Logs.Lines.Skip(logsBefore)
            .Where(l => l.Contains("Reports.", StringComparison.Ordinal) || l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal))
            .ToList();
        foreach (var name in new[] { reportId.ToString(), reportId.ToString("N"), reference, parsed.Locator })
        {
            Assert.DoesNotContain(reporterSide, l => l.Contains(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>A version 7 GUID whose millisecond timestamp is not a day's midnight (UTC).</summary>
    internal static bool CarriesTimeOfDay(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        if (bytes[6] >> 4 != 7)
        {
            return false;
        }

        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return ms % 86_400_000 != 0;
    }

    private static async Task<List<object>> RowsAsync<T>(AppDbContext db, Guid reportId)
        where T : class =>
        typeof(T) == typeof(Report)
            ? [.. await db.Set<T>().AsNoTracking().Where(e => EF.Property<Guid>(e, "Id") == reportId).ToListAsync()]
            : [.. await db.Set<T>().AsNoTracking().Where(e => EF.Property<Guid>(e, "ReportId") == reportId).ToListAsync()];
}

public sealed class UploadPrivacySqliteTests(ReportsSqliteApp app) : UploadPrivacyTests(app), IClassFixture<ReportsSqliteApp>;

public sealed class UploadPrivacyPostgresTests(ReportsPostgresApp app) : UploadPrivacyTests(app), IClassFixture<ReportsPostgresApp>;
