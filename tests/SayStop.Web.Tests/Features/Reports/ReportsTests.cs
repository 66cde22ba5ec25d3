using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>The site with cheap Argon2id costs: the production cost is covered by the Sealing tests.</summary>
public class ReportsApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "8");
    }
}

public sealed class ReportsSqliteApp() : ReportsApp(TestDb.Sqlite);

public sealed class ReportsPostgresApp() : ReportsApp(TestDb.Postgres);

/// <summary>The report form, sealed intake, receipt follow-up and recipient keys, through the real pages.</summary>
public abstract class ReportsTests(ReportsApp app)
{
    private const string FormUrl = "/en/report/form";

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    protected ReportsApp App { get; } = app;

    /// <summary>Walks every step of the form from the start page's first answer to the receipt.</summary>
    private async Task<(HttpClient Client, IHtmlDocument ReceiptPage, string Receipt)> FileAsync(
        string when, string place, string what, string? email = null, string country = "TH", byte[]? photo = null, string? everywhere = null)
    {
        // With "everywhere", every optional text field carries it too (the privacy test's marker).
        string Or(string honest) => everywhere is null ? honest : everywhere + " " + honest;
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        doc = await NextAsync(client, doc, new() { ["Input.Country"] = country });
        doc = await NextAsync(client, doc, new() { ["Input.Kind"] = "Suspicious" });
        doc = await NextAsync(client, doc, new() { ["Input.When"] = when });
        doc = await NextAsync(client, doc, new()
        {
            ["Input.City"] = Or("Pattaya"),
            ["Input.PlaceKind"] = "Beach",
            ["Input.PlaceName"] = Or("Sunset beach bar"),
            ["Input.Place"] = place,
            ["Input.Coordinates"] = "12.9236 100.8825",
        });
        doc = await NextAsync(client, doc, new Dictionary<string, string>
        {
            ["Input.SuspectName"] = Or("Called himself Mike"),
            ["Input.SuspectAge"] = Or("about 50"),
            ["Input.SuspectVehicle"] = Or("white pick-up, plate 1AB 234"),
            ["Input.SuspectTravel"] = Or("flight TG 935"),
        }.Concat(everywhere is null ? [] : new Dictionary<string, string>
        {
            ["Input.SuspectDescription"] = everywhere,
            ["Input.SuspectNationality"] = everywhere,
            ["Input.SuspectStay"] = everywhere,
        }).ToDictionary());
        doc = await NextAsync(client, doc, new Dictionary<string, string> { ["Input.ChildrenCount"] = "Two", ["Input.ChildrenGender"] = "Girls", ["Input.ChildrenAge"] = Or("around 12") }
            .Concat(everywhere is null ? [] : new Dictionary<string, string> { ["Input.ChildrenDescription"] = everywhere }).ToDictionary());
        doc = await NextAsync(client, doc, new Dictionary<string, string> { ["Input.WhatHappened"] = what, ["Input.AlreadyActed"] = "HotelStaff" }
            .Concat(everywhere is null ? [] : new Dictionary<string, string> { ["Input.ActedDetails"] = everywhere }).ToDictionary());
        doc = await NextAsync(client, doc, email is null
            ? new() { ["Input.Contact"] = "anonymous" }
            : new Dictionary<string, string> { ["Input.Contact"] = "contact", ["Input.Email"] = email, ["Input.FollowUp"] = "police" }
                .Concat(everywhere is null ? [] : new Dictionary<string, string> { ["Input.Name"] = everywhere, ["Input.Phone"] = "+32 2 555 01 01" }).ToDictionary());
        Assert.NotNull(doc.QuerySelector("dl.review"));
        var sent = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["go"] = "send" },
            files: photo is null ? null : new Dictionary<string, (byte[], string, string)> { ["Photos"] = (photo, "IMG_0001.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var page = await sent.DocumentAsync();
        var receipt = page.QuerySelector("#receipt")?.TextContent.Trim();
        Assert.NotNull(receipt);
        Assert.True(Receipt.TryParse(receipt, out _));
        return (client, page, receipt!);
    }

    private async Task<IHtmlDocument> NextAsync(HttpClient client, IHtmlDocument doc, Dictionary<string, string> fields)
    {
        fields["go"] = "next";
        var response = await client.SubmitAsync(doc, FormUrl, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{(int)response.StatusCode}: {string.Join('\n', App.Logs.Lines.TakeLast(15))}");
        return Forms.Parse(body);
    }

    private async Task<Guid> ReportIdAsync(string receipt)
    {
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        var locator = parsed.Locator;
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Report>().Where(r => r.Locator == locator).Select(r => r.Id).SingleAsync();
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<string> RecoveryTextAsync()
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipientKeys>().CreateRecoveryKeyAsync();
    }

    private async Task<KeyPair?> UnlockAsync(Guid userId, string password)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(userId, password);
    }

    private async Task<string> OpenAnswersAsync(Guid reportId, KeyPair recipient)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keyId = await db.Set<RecipientKey>().Where(k => k.PublicKey == recipient.PublicKey.ToArray() && k.RevokedAt == null).Select(k => k.Id).SingleAsync();
        var sealedKey = await db.Set<ReportSealedKey>().Where(k => k.ReportId == reportId && k.RecipientKeyId == keyId).Select(k => k.SealedKey).SingleAsync();
        var report = await db.Set<Report>().SingleAsync(r => r.Id == reportId);
        using var contentKey = SealedKey.Open(sealedKey, recipient, reportId);
        var answers = ReportEnvelope.OpenText(contentKey, reportId, SealingPurpose.Answers, report.SealedAnswers);
        var contact = report.SealedContact is null ? string.Empty : ReportEnvelope.OpenText(contentKey, reportId, SealingPurpose.Contact, report.SealedContact);
        return answers + "\n" + contact;
    }

    private static async Task<IHtmlDocument> OpenFollowUpAsync(HttpClient client, string receipt)
    {
        var response = await client.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    [Fact]
    public async Task AReportFiledThroughTheForm_OpensWithItsReceipt_AndWithAHandlerKeyAndTheRecoveryKey()
    {
        App.Require();
        var recoveryText = await RecoveryTextAsync();
        var handler = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        await App.SignInAsync(handler); // the password step gives the handler a key pair
        var handlerId = await UserIdAsync(handler.Email);

        var marker = "M" + Guid.NewGuid().ToString("N");
        var (client, receiptPage, receipt) = await FileAsync("last Saturday " + marker, "Beach bar " + marker, "I saw " + marker, marker + "@test.example",
            photo: TestImages.JpegWithMetadata(marker, 80, 60));

        // The "saved it" step refuses to go on unticked, and keeps the receipt on screen.
        var unticked = await client.SubmitAsync(receiptPage, FormUrl, new Dictionary<string, string> { ["go"] = "saved" });
        var untickedPage = await unticked.DocumentAsync();
        Assert.Equal(receipt, untickedPage.QuerySelector("#receipt")?.TextContent.Trim());
        var ticked = await client.SubmitAsync(untickedPage, FormUrl, new Dictionary<string, string> { ["go"] = "saved", ["Input.SavedIt"] = "true" });
        Assert.Contains("Thank you for speaking up", await ticked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reportId = await ReportIdAsync(receipt);
        using (var handlerKey = await UnlockAsync(handlerId, handler.Password))
        {
            Assert.NotNull(handlerKey);
            var opened = await OpenAnswersAsync(reportId, handlerKey!);
            Assert.Contains("last Saturday " + marker, opened, StringComparison.Ordinal);
            // The full field set travels inside the sealed answers.
            var answers = System.Text.Json.JsonSerializer.Deserialize<ReportAnswers>(opened.Split('\n')[0], WebJson)!;
            Assert.Equal(("Pattaya", "Beach", "Sunset beach bar", "12.92360, 100.88250"), (answers.City, answers.PlaceKind, answers.PlaceName, answers.Coordinates));
            Assert.Equal(new SuspectDetails("Called himself Mike", null, "about 50", null, "white pick-up, plate 1AB 234", "flight TG 935", null), answers.Suspect);
            Assert.Equal(new ChildrenDetails("Two", "around 12", "Girls", null), answers.Children);
            Assert.Equal(["HotelStaff"], answers.AlreadyActed!);
            var contact = System.Text.Json.JsonSerializer.Deserialize<ReporterContact>(opened.Split('\n')[1], WebJson)!;
            Assert.Equal(new ReporterContact(marker + "@test.example", null, null, PoliceMayContact: true), contact);
            Assert.Contains(marker + "@test.example", opened, StringComparison.Ordinal);

            await using var scope = App.Scope();
            // The photo opens with the handler's key: a clean 80×60 picture without the marker.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var attachment = await db.Set<ReportAttachment>().SingleAsync(a => a.ReportId == reportId);
            var keyId = await db.Set<RecipientKey>().Where(k => k.PublicKey == handlerKey!.PublicKey.ToArray()).Select(k => k.Id).SingleAsync();
            var sealedKey = await db.Set<ReportSealedKey>().Where(k => k.ReportId == reportId && k.RecipientKeyId == keyId).Select(k => k.SealedKey).SingleAsync();
            using (var contentKey = SealedKey.Open(sealedKey, handlerKey!, reportId))
            using (var plain = new MemoryStream())
            {
                await AttachmentSealer.OpenAsync(contentKey, reportId, SealingPurpose.Attachment(attachment.Id), new MemoryStream(attachment.Sealed), plain);
                using var picture = SkiaSharp.SKBitmap.Decode(plain.ToArray());
                Assert.Equal((80, 60), (picture.Width, picture.Height));
                Assert.True(plain.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) < 0);
            }

            await scope.ServiceProvider.GetRequiredService<ReportFollowUp>().AskAsync(reportId, handlerKey!, "Which hotel was it? " + marker);
        }

        Assert.True(RecoveryKey.TryImport(recoveryText, out var recovery));
        using (recovery)
        {
            Assert.Contains("I saw " + marker, await OpenAnswersAsync(reportId, recovery!), StringComparison.Ordinal);
        }

        // The reporter comes back, reads the question and answers it.
        var reporter = App.Client();
        var followUp = await OpenFollowUpAsync(reporter, receipt.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Contains("Received", followUp.QuerySelector("#report-status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Which hotel was it? " + marker, followUp.Body!.TextContent, StringComparison.Ordinal);
        var replied = await reporter.SubmitAsync(followUp, "/en/report/follow-up", new Dictionary<string, string> { ["Reply"] = "Hotel Example " + marker, ["go"] = "reply" },
            files: new Dictionary<string, (byte[], string, string)> { ["Photos"] = (TestImages.JpegWithMetadata(marker), "hotel.jpg", "image/jpeg") });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        var repliedPage = await replied.DocumentAsync();
        Assert.Contains("Hotel Example " + marker, repliedPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Photos received: 1", repliedPage.QuerySelector("ol.messages")!.TextContent, StringComparison.Ordinal);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(2, await db.Set<ReportAttachment>().CountAsync(a => a.ReportId == reportId));
            Assert.Equal(1, await db.Set<ReportAttachment>().CountAsync(a => a.ReportId == reportId && a.MessageId != null));
        }
        Assert.Equal(2, repliedPage.QuerySelectorAll("ol.messages li").Length);
    }

    [Fact]
    public async Task NothingTheReporterTypes_IsStoredOrLoggedInClear()
    {
        App.Require();
        await RecoveryTextAsync();
        var marker = "PRIVACY" + Guid.NewGuid().ToString("N");
        var (_, receiptPage, receipt) = await FileAsync(marker + " when", marker + " place", marker + " what\nsecond line", marker + "@test.example",
            photo: TestImages.JpegWithMetadata(marker), everywhere: marker);
        Assert.Contains("We removed hidden details", receiptPage.Body!.TextContent, StringComparison.Ordinal);
        var reporter = App.Client();
        var followUp = await OpenFollowUpAsync(reporter, receipt);
        var replied = await reporter.SubmitAsync(followUp, "/en/report/follow-up", new Dictionary<string, string> { ["Reply"] = marker + " reply", ["go"] = "reply" });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Contains(marker + " reply", (await replied.DocumentAsync()).QuerySelector("ol.messages")!.TextContent, StringComparison.Ordinal);

        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal) || l.Contains(receipt, StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(App.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) < 0, $"the marker is in data/{Path.GetFileName(file)}");
        }
        // The whole database: SQLite's file, -wal and -shm, or a pg_dump of the PostgreSQL database (bytea in hex too).
        Assert.Empty(await DatabaseBytes.FindAsync(App, marker));
        Assert.Empty(await DatabaseBytes.FindAsync(App, receipt.Replace("-", string.Empty, StringComparison.Ordinal)[8..]));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task ValidationErrors_KeepTheAnswers_AndSayWhatIsWrong()
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync("/fr/report/form?urgent=yes");
        Assert.Contains("112", doc.QuerySelector(".callout.urgent")?.TextContent, StringComparison.Ordinal);
        var unknownCountry = await client.SubmitAsync(doc, "/fr/report/form", new Dictionary<string, string>
        {
            ["go"] = "next",
            ["Input.Country"] = "XX",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownCountry.StatusCode);
        Assert.Contains("Veuillez choisir un pays dans la liste", (await unknownCountry.DocumentAsync()).Body!.TextContent, StringComparison.Ordinal);
        doc = await NextAsync(client, await unknownCountry.DocumentAsync(), new() { ["Input.Country"] = "TH" });
        // Urgent and the country known: its own number, large, from now on.
        Assert.Equal("191", doc.QuerySelector(".big-number")?.TextContent.Trim());
        var noKind = await client.SubmitAsync(doc, "/fr/report/form", new Dictionary<string, string> { ["go"] = "next" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noKind.StatusCode);
        Assert.Contains("Veuillez choisir le type de situation", await noKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        doc = await NextAsync(client, await noKind.DocumentAsync(), new() { ["Input.Kind"] = "Online" });
        doc = await NextAsync(client, doc, new() { ["Input.When"] = "hier \u202Esoir\u0007\u001B" });
        var badPlace = await client.SubmitAsync(doc, "/fr/report/form", new Dictionary<string, string>
        {
            ["go"] = "next",
            ["Input.Place"] = "Plage <script>alert(1)</script>",
            ["Input.PlaceKind"] = "Casino",
            ["Input.Coordinates"] = "north of the bay",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPlace.StatusCode);
        var page = await badPlace.DocumentAsync();
        Assert.Contains("Choisissez une des propositions", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("latitude puis la longitude", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Plage <script>alert(1)</script>", page.QuerySelector("input[name='Input.Place']")!.GetAttribute("value"));
        Assert.Equal("north of the bay", page.QuerySelector("input[name='Input.Coordinates']")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("script:not([src])"));

        doc = await NextAsync(client, page, new() { ["Input.Coordinates"] = "13.3633, 103.8564", ["Input.PlaceKind"] = "Bar" });
        var longSuspect = await client.SubmitAsync(doc, "/fr/report/form", new Dictionary<string, string>
        {
            ["go"] = "next",
            ["Input.SuspectName"] = new string('n', FormModel.MaxShort + 1),
            ["Input.SuspectDescription"] = "grand, <b>chauve</b>",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longSuspect.StatusCode);
        page = await longSuspect.DocumentAsync();
        Assert.Equal(new string('n', FormModel.MaxShort + 1), page.QuerySelector("input[name='Input.SuspectName']")!.GetAttribute("value"));
        Assert.Equal("grand, <b>chauve</b>", page.QuerySelector("textarea[name='Input.SuspectDescription']")!.TextContent);
        doc = await NextAsync(client, page, new() { ["Input.SuspectName"] = "inconnu" });
        doc = await NextAsync(client, doc, new() { ["Input.ChildrenCount"] = "Unknown" });
        var tooLong = await client.SubmitAsync(doc, "/fr/report/form", new Dictionary<string, string>
        {
            ["go"] = "next",
            ["Input.WhatHappened"] = new string('a', FormModel.MaxWhatHappened + 1),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("5000", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Back keeps what was answered before.
        var back = await client.SubmitAsync(await tooLong.DocumentAsync(), "/fr/report/form", new Dictionary<string, string> { ["go"] = "back" });
        var backPage = await back.DocumentAsync();
        Assert.Equal("Unknown", (backPage.QuerySelector("select[name='Input.ChildrenCount']") as IHtmlSelectElement)!.Value);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("tamper")]
    public async Task AForgedOrTamperedDraft_IsRefusedWithAClearMessage(string kind)
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        var draft = doc.QuerySelector("input[name=Draft]")!.GetAttribute("value")!;
        var forged = kind switch
        {
            "garbage" => "CfDJ8" + new string('A', 200),
            "tamper" => draft[..^6] + (draft[^6] == 'A' ? 'B' : 'A') + draft[^5..],
            _ => string.Empty,
        };
        var response = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["Draft"] = forged, ["go"] = "next", ["Input.Kind"] = "Other" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired or could not be read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileSteps_AndOversizedPosts_NeverGiveA500()
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        foreach (var fields in new[]
                 {
                     new Dictionary<string, string> { ["step"] = "99", ["go"] = "next" },
                     new Dictionary<string, string> { ["step"] = "Review", ["go"] = "send" },
                     new Dictionary<string, string> { ["go"] = "saved", ["ProtectedReceipt"] = "nonsense" },
                     new Dictionary<string, string> { ["go"] = "next", ["Input.Kind"] = new string('x', 400_000) },
                     new Dictionary<string, string> { ["go"] = "next", ["Input.Kind"] = "Other\u0000\uFFFF" },
                 })
        {
            var response = await client.SubmitAsync(doc, FormUrl, fields);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        // A send posted before the other steps lands on the first missing one.
        var early = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["step"] = "Review", ["go"] = "send" });
        Assert.Contains("Some answers are missing", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARobotFillingTheHoneypot_FilesNothing_AndAPersonCanStillSend()
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        doc = await NextAsync(client, doc, new() { ["Input.Country"] = "BE" });
        doc = await NextAsync(client, doc, new() { ["Input.Kind"] = "Other" });
        doc = await NextAsync(client, doc, new() { ["Input.When"] = "today" });
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new() { ["Input.WhatHappened"] = "honeypot" });
        doc = await NextAsync(client, doc, new() { ["Input.Contact"] = "anonymous" });
        int Count()
        {
            using var scope = App.Scope();
            return scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Count();
        }

        var before = Count();
        var robot = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["go"] = "send", ["Input.Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.TooManyRequests, robot.StatusCode);
        var page = await robot.DocumentAsync();
        Assert.Contains("Your answers are kept", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, Count());

        var person = await client.SubmitAsync(page, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        Assert.NotNull((await person.DocumentAsync()).QuerySelector("#receipt"));
        Assert.Equal(before + 1, Count());
    }

    /// <summary>Photos that must be refused at the send step, with a message, the answers kept and nothing filed.</summary>
    [Theory]
    [InlineData("six", "You can send 5 photos at most")]
    [InlineData("text", "is not a readable JPEG, PNG or WebP photo")]
    [InlineData("bomb", "has too many pixels")]
    [InlineData("truncated", "is not a readable JPEG, PNG or WebP photo")]
    [InlineData("empty", "is empty")]
    public async Task BadPhotos_AreRefusedWithAMessage_AndNothingIsFiled(string kind, string message)
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        doc = await NextAsync(client, doc, new() { ["Input.Country"] = "FR" });
        doc = await NextAsync(client, doc, new() { ["Input.Kind"] = "Other" });
        doc = await NextAsync(client, doc, new() { ["Input.When"] = "today" });
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new() { ["Input.WhatHappened"] = "photos " + kind });
        doc = await NextAsync(client, doc, new() { ["Input.Contact"] = "anonymous" });
        var files = kind switch
        {
            "six" => Enumerable.Range(0, 6).Select(_ => TestImages.Picture(20, 20)).ToArray(),
            "text" => [Encoding.UTF8.GetBytes("<html>not a photo</html>")],
            "bomb" => [TestImages.PngBomb()],
            "truncated" => [TestImages.Picture(200, 200)[..400]],
            _ => [Array.Empty<byte>()],
        };
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)doc.QuerySelector("main form")!;
        using var content = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            content.Add(new StringContent(input.GetAttribute("value") ?? string.Empty), input.GetAttribute("name")!);
        }

        content.Add(new StringContent("send"), "go");
        for (var i = 0; i < files.Length; i++)
        {
            content.Add(new ByteArrayContent(files[i]), "Photos", $"photo-<b>{i}</b>.jpg");
        }

        int Count()
        {
            using var scope = App.Scope();
            return scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Count();
        }

        var before = Count();
        var response = await client.PostAsync(FormUrl, content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.DocumentAsync();
        Assert.Contains(message, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main b"));
        Assert.NotNull(page.QuerySelector("dl.review"));
        Assert.Contains("photos " + kind, page.QuerySelector("dl.review")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, Count());
    }

    [Fact]
    public async Task AReplayedSend_FilesNothingTwice()
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=yes");
        doc = await NextAsync(client, doc, new() { ["Input.Country"] = Countries.Other });
        doc = await NextAsync(client, doc, new() { ["Input.Kind"] = "Exploitation" });
        doc = await NextAsync(client, doc, new() { ["Input.When"] = "now" });
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new());
        doc = await NextAsync(client, doc, new() { ["Input.WhatHappened"] = "replay" });
        doc = await NextAsync(client, doc, new() { ["Input.Contact"] = "anonymous" });
        var first = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var receipt = (await first.DocumentAsync()).QuerySelector("#receipt")!.TextContent.Trim();
        var second = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already been sent", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reportId = await ReportIdAsync(receipt);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = await db.Set<Report>().SingleAsync(r => r.Id == reportId);
        Assert.True(report.Urgent);
        Assert.Equal("Exploitation", report.Kind);
        Assert.Equal(ReportStatus.Received, report.Status);
    }

    [Theory]
    [InlineData("0000-0000-0000-0000-0000-0000")]
    [InlineData("not a receipt")]
    [InlineData("")]
    public async Task AWrongReceipt_GetsTheSameAnswer(string typed)
    {
        App.Require();
        var response = await App.Client().SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = typed, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("This receipt does not open a report", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiptWithTheRightLocatorButAWrongSecret_IsRefused()
    {
        App.Require();
        var (_, _, receipt) = await FileAsync("w", "p", "x");
        var wrong = receipt[..^1] + (receipt[^1] == '0' ? '1' : '0');
        var response = await App.Client().SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = wrong, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("This receipt does not open a report", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiptVerifierMadeAtAnOlderCost_IsRemadeAtTheCurrentCost_WhenItsReceiptIsTyped()
    {
        App.Require();
        var (_, _, receipt) = await FileAsync("w", "p", "x");
        var reportId = await ReportIdAsync(receipt);
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        var current = App.Services.GetRequiredService<ReportsOptions>().ReceiptCost;
        var older = new Argon2idCost(16, 1);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var report = await db.Set<Report>().SingleAsync(r => r.Id == reportId);
            Assert.Equal(current, ReceiptVerifier.GetCost(report.ReceiptVerifier));
            Assert.True(ReceiptVerifier.TryOpen(report.ReceiptVerifier, parsed, reportId, out var key));
            using (key)
            {
                report.ReceiptVerifier = ReceiptVerifier.Create(parsed, key, reportId, older);
            }
            await db.SaveChangesAsync();
        }

        var response = await App.Client().SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var verifier = await db.Set<Report>().Where(r => r.Id == reportId).Select(r => r.ReceiptVerifier).SingleAsync();
            Assert.Equal(current, ReceiptVerifier.GetCost(verifier));
            Assert.True(ReceiptVerifier.Verify(verifier, parsed, reportId));
        }
    }

    [Fact]
    public async Task ACaseHandlerKey_FollowsAPasswordChange()
    {
        App.Require();
        var handler = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var client = await App.SignInAsync(handler);
        var userId = await UserIdAsync(handler.Email);
        using (var before = await UnlockAsync(userId, handler.Password))
        {
            Assert.NotNull(before);
        }

        const string newPassword = "a brand new long passphrase";
        var changed = await client.SubmitAsync("/en/account/manage", new Dictionary<string, string>
        {
            ["Input.Current"] = handler.Password,
            ["Input.New"] = newPassword,
        }, "main form[action*=Password]");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Null(await UnlockAsync(userId, handler.Password));
        using var after = await UnlockAsync(userId, newPassword);
        Assert.NotNull(after);
    }

    [Fact]
    public async Task TheFirstAdministratorSetup_ShowsTheRecoveryKeyOnce_AndStoresOnlyItsPublicPart()
    {
        App.Require();
        string token;
        await using (var scope = App.Scope())
        {
            token = await scope.ServiceProvider.GetRequiredService<StaffInvitations>().IssueFirstAdministratorTokenAsync();
        }

        var client = App.Client();
        var url = $"/en/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var key = doc.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal);
        const string password = "purple elephant dances twice";
        var done = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["Input.Email"] = $"admin-{Guid.NewGuid():N}@test.example",
            ["Input.DisplayName"] = "First Admin",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = StaffCredentials.FreshCode(key),
        });
        Assert.True(done.Headers.CacheControl?.NoStore, "the page with the recovery key may be cached");
        var page = await done.DocumentAsync();
        var text = page.QuerySelector("#recovery-key")?.TextContent.Trim();
        Assert.NotNull(text);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector(".recovery-key img.qr")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.True(RecoveryKey.TryImport(text, out var pair));
        using (pair)
        {
            await using var scope = App.Scope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var active = await db.Set<RecipientKey>().Where(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null).ToListAsync();
            var only = Assert.Single(active);
            Assert.Equal(pair!.PublicKey.ToArray(), only.PublicKey);
            Assert.Null(only.ProtectedPrivateKey);
        }

        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(text!, StringComparison.Ordinal));
    }
}

public sealed class ReportsSqliteTests(ReportsSqliteApp app) : ReportsTests(app), IClassFixture<ReportsSqliteApp>;

public sealed class ReportsPostgresTests(ReportsPostgresApp app) : ReportsTests(app), IClassFixture<ReportsPostgresApp>;
