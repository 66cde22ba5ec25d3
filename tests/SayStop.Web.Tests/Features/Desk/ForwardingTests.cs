using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;
using X509KeyUsageFlags = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Forwarding to the police through the real pages: suggestions, four eyes, the dossier without internal ids, the
/// reporter's identity only with consent, S/MIME email that only the authority's key opens, manual delivery,
/// deletion afterwards, and hostile input to the authority and forward forms.
/// </summary>
public abstract class ForwardingTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    private async Task<(Guid ReportId, string Receipt, string Locator)> FileAsync(string marker, ReporterContact? contact, string nationality = "Belgian")
    {
        await using var scope = App.Scope();
        var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
        var result = await intake.FileAsync(
            new ReportAnswers(true, "Suspicious", "last night", "TH", "Beach bar " + marker, "I saw " + marker,
                Suspect: new SuspectDetails("Suspect" + marker, null, null, nationality, null, null, null)),
            contact,
            Guid.NewGuid());
        var id = result.ReportId!.Value;
        var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
        var locator = await db.Set<Report>().Where(r => r.Id == id).Select(r => r.Locator).SingleAsync();
        return (id, result.Receipt!.ToDisplayString(), locator);
    }

    private async Task<(Guid Id, HttpClient Client)> HandlerAsync()
    {
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var client = await App.SignInAsync(who);
        await using var scope = App.Scope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
        return (id, client);
    }

    internal static X509Certificate2 Certificate(DateTimeOffset from, DateTimeOffset until, X509KeyUsageFlags usage = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Test Police Unit, E=unit@police.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
        return request.CreateSelfSigned(from, until);
    }

    private async Task<Guid> AddAuthorityAsync(string name, AuthorityChannel channel, string? email = null, string? certificatePem = null, string language = "en")
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
        var a = new PoliceAuthority
        {
            Id = Guid.CreateVersion7(), Country = "TH", Name = name, Language = language, Channel = channel, Email = email,
            SmimeCertificate = certificatePem, UpdatedAt = DateTime.UtcNow,
        };
        db.Add(a);
        await db.SaveChangesAsync();
        return a.Id;
    }

    private static async Task<IHtmlDocument> ForwardPageAsync(HttpClient client, Guid id, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync($"/en/desk/report/{id}/forward");
        Assert.Equal(expected, response.StatusCode);
        return await response.DocumentAsync();
    }

    private async Task<ReportForward> ForwardOfAsync(Guid reportId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>().Set<ReportForward>().AsNoTracking()
            .OrderByDescending(f => f.PreparedAt).FirstAsync(f => f.ReportId == reportId);
    }

    /// <summary>Posts one of the page's forms with its action pointed at another handler (a forged post).</summary>
    private static Task<HttpResponseMessage> PostForwardFormAsync(HttpClient client, IHtmlDocument page, Guid reportId, string handler, Guid forwardId, string selector)
    {
        var form = page.QuerySelector(selector)!;
        form.SetAttribute("action", $"/en/desk/report/{reportId}/forward?handler={handler}");
        return client.SubmitAsync(page, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string> { ["ForwardId"] = forwardId.ToString() }, selector);
    }

    private static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    private async Task<IReadOnlyList<(string Action, string Target, string Details)>> AuditAsync()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
        return (await db.Set<AuditEntry>().AsNoTracking().ToListAsync()).Select(e => (e.Action, e.Target, e.Details)).ToList();
    }

    [Fact]
    public async Task FourEyes_ThePreparerCannotApprove_NorAHandlerWithoutAccess_ASecondHandlerSendsAnSmimeDossierOnlyTheAuthorityOpens()
    {
        App.Require();
        var (aId, a) = await HandlerAsync();
        var (bId, b) = await HandlerAsync();
        using var cert = Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var authority = await AddAuthorityAsync("Smime Police Unit", AuthorityChannel.Email, "unit@police.example", cert.ExportCertificatePem());
        var (id, receipt, locator) = await FileAsync("Xq7Marker", new ReporterContact("reporter@mail.example", "Jan Consenting", "+32470000000", PoliceMayContact: true));
        var (cId, c) = await HandlerAsync(); // arrives after the report: no access

        // Suggestions on the report page: Thailand (facts) and Belgium (the suspect is "Belgian").
        var report = await a.GetDocumentAsync($"/en/desk/report/{id}");
        var suggestions = report.QuerySelector("#suggestions")!.TextContent;
        Assert.Contains("Smime Police Unit", suggestions, StringComparison.Ordinal);
        Assert.Contains("Federale Politie", suggestions, StringComparison.Ordinal);
        Assert.Contains("suspect's nationality", suggestions, StringComparison.Ordinal);

        var page = await ForwardPageAsync(a, id);
        Assert.Contains("agrees that the police contact them", page.QuerySelector("#consent")!.TextContent, StringComparison.Ordinal);
        var prepared = await a.SubmitAsync(page, $"/en/desk/report/{id}/forward",
            new Dictionary<string, string> { ["AuthorityId"] = authority.ToString(), ["CoveringNote"] = "NoteMarker42 please act" }, "#prepare-form");
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var forward = await ForwardOfAsync(id);
        Assert.Equal(ForwardState.Prepared, forward.State);
        Assert.True(forward.IncludesIdentity);
        Assert.DoesNotContain("NoteMarker42", Encoding.UTF8.GetString(forward.SealedNote!), StringComparison.Ordinal);

        // A cannot approve their own forward (no button; a forged post is refused and audited).
        page = await ForwardPageAsync(a, id);
        Assert.Null(page.QuerySelector(".approve-form"));
        var own = await PostForwardFormAsync(a, page, id, "Approve", forward.Id, ".refuse-form");
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("another case handler must approve", (await own.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);

        // C has no access to the report: the page and a forged approval are refused.
        await ForwardPageAsync(c, id, HttpStatusCode.Forbidden);
        var (ownReport, _, _) = await FileAsync("Own", null);
        var cPage = await ForwardPageAsync(c, ownReport);
        var forged = await PostForwardFormAsync(c, cPage, id, "Approve", forward.Id, "#prepare-form");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(ForwardState.Prepared, (await ForwardOfAsync(id)).State);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == "desk.forward.refused" && e.Target == id.ToString() && e.Details.Contains("reason=OwnForward", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "desk.forward.refused" && e.Details.Contains("reason=NotGranted", StringComparison.Ordinal));

        // B approves: the dossier leaves by S/MIME email.
        var bPage = await ForwardPageAsync(b, id);
        var approved = await b.SubmitAsync(bPage, $"/en/desk/report/{id}/forward", new Dictionary<string, string>(), ".approve-form");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        forward = await ForwardOfAsync(id);
        Assert.Equal(ForwardState.Sent, forward.State);
        Assert.Equal(bId, forward.DecidedById);

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
            var queued = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync(e => e.Id == forward.OutboxEmailId);
            Assert.Equal(string.Empty, queued.TextBody);
            var stored = Encoding.Latin1.GetString(queued.MimeBody!);
            Assert.Contains("application/pkcs7-mime", stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Xq7Marker", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("Jan Consenting", stored, StringComparison.Ordinal);
            Assert.Equal(ReportStatus.ForwardedToPolice, (await db.Set<Report>().SingleAsync(r => r.Id == id)).Status);
            Assert.DoesNotContain("Xq7Marker", Encoding.UTF8.GetString(forward.SealedDossier!), StringComparison.Ordinal);
        }

        var mail = await App.Smtp.WaitForAsync("unit@police.example");
        using (var raw = new MemoryStream())
        {
            await mail.WriteToAsync(raw);
            var bytes = Encoding.Latin1.GetString(raw.ToArray());
            Assert.DoesNotContain("Xq7Marker", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("Jan Consenting", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(id.ToString(), bytes, StringComparison.OrdinalIgnoreCase);
        }

        var pkcs7 = Assert.IsType<ApplicationPkcs7Mime>(mail.Body);
        Assert.Equal(SecureMimeType.EnvelopedData, pkcs7.SecureMimeType);
        using var context = new TemporarySecureMimeContext();
        context.Import(new MemoryStream(cert.Export(X509ContentType.Pfx, "pw")), "pw");
        var opened = Assert.IsType<Multipart>(Assert.IsType<MultipartSigned>(pkcs7.Decrypt(context))[0]); // signed by the organisation, then encrypted
        var pdf = opened.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/pdf");
        var json = opened.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/json");
        var pdfText = PdfText(Bytes(pdf));
        var jsonText = Encoding.UTF8.GetString(Bytes(json));
        foreach (var text in new[] { pdfText, jsonText })
        {
            Assert.Contains("Xq7Marker", text, StringComparison.Ordinal);
            Assert.Contains("SuspectXq7Marker", text, StringComparison.Ordinal);
            Assert.Contains("NoteMarker42", text, StringComparison.Ordinal);
            Assert.Contains("Jan Consenting", text, StringComparison.Ordinal);
            Assert.Contains(forward.Reference, text, StringComparison.Ordinal);
            foreach (var secret in new[] { id.ToString(), id.ToString("N"), locator, aId.ToString(), bId.ToString(), cId.ToString(), forward.Id.ToString(), authority.ToString() })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The reporter sees "forwarded"; the timeline and the audit log say what happened, with ids only.
        var followUp = await App.Client().SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Contains("Forwarded to the competent police", await followUp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var timeline = (await a.GetDocumentAsync($"/en/desk/report/{id}")).QuerySelector("#timeline")!.TextContent;
        Assert.Contains("forward prepared", timeline, StringComparison.Ordinal);
        Assert.Contains("dossier sent encrypted", timeline, StringComparison.Ordinal);
        audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == "desk.forward.approved" && e.Target == id.ToString());
        Assert.Contains(audit, e => e.Action == "desk.forward.sent");
        Assert.All(audit, e => Assert.DoesNotContain("Xq7Marker", e.Details, StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("Xq7Marker", StringComparison.Ordinal));
    }

    private static byte[] Bytes(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task ManualDelivery_WithoutConsent_LeavesTheIdentityOut_DownloadsAreNotStored_AndTheJobDeletesEverythingLater()
    {
        App.Require();
        var (_, a) = await HandlerAsync();
        var (_, b) = await HandlerAsync();
        var authority = await AddAuthorityAsync("Manual Police Desk", AuthorityChannel.Manual, language: "fr");
        var (id, _, locator) = await FileAsync("Mw3Marker", new ReporterContact("hidden@mail.example", "Secret Reporter", null, PoliceMayContact: false));

        var page = await ForwardPageAsync(a, id);
        Assert.Contains("did not agree", page.QuerySelector("#consent")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await a.SubmitAsync(page, $"/en/desk/report/{id}/forward",
            new Dictionary<string, string> { ["AuthorityId"] = authority.ToString() }, "#prepare-form")).StatusCode);
        page = await ForwardPageAsync(b, id);
        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(page, $"/en/desk/report/{id}/forward", new Dictionary<string, string>(), ".approve-form")).StatusCode);
        var forward = await ForwardOfAsync(id);
        Assert.Equal(ForwardState.AwaitingManualDelivery, forward.State);
        Assert.Null(forward.OutboxEmailId);

        page = await ForwardPageAsync(b, id);
        var pdfResponse = await b.GetAsync(new Uri(new Uri($"http://localhost/en/desk/report/{id}/forward"), page.QuerySelector("a.dossier-pdf")!.GetAttribute("href")!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", pdfResponse.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var pdfText = PdfText(await pdfResponse.Content.ReadAsByteArrayAsync());
        var json = await b.GetStringAsync($"/en/desk/report/{id}/forward?handler=Json&forward={forward.Id}");
        foreach (var text in new[] { pdfText, json })
        {
            Assert.Contains("Mw3Marker", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Secret Reporter", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hidden@mail.example", text, StringComparison.Ordinal);
            Assert.DoesNotContain(id.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(locator, text, StringComparison.Ordinal);
        }

        Assert.Contains("Dossier de signalement", pdfText, StringComparison.Ordinal); // the authority's language

        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(page, $"/en/desk/report/{id}/forward", new Dictionary<string, string>(), ".delivered-form")).StatusCode);
        Assert.Equal(ForwardState.Delivered, (await ForwardOfAsync(id)).State);

        // 31 days later the deletion job removes the report and its forwards (the statistics row stays).
        App.Clock.Advance(TimeSpan.FromDays(31));
        try
        {
            await using var scope = App.Scope();
            await scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.report-deletion").RunAsync(scope.ServiceProvider, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
            Assert.False(await db.Set<Report>().AnyAsync(r => r.Id == id));
            Assert.False(await db.Set<ReportForward>().AnyAsync(f => f.ReportId == id));
        }
        finally
        {
            App.Clock.Advance(TimeSpan.FromDays(-31));
        }
    }

    public static TheoryData<string, string> HostileAuthorityInputs => new()
    {
        { "Input.Email", "not an address" },
        { "Input.Email", "a@b.example\r\nBcc: x@y.example" },
        { "Input.Email", "\"Police\" <p@police.example>" },
        { "Input.Name", "<script>alert(1)</script>" },
        { "Input.Name", new string('n', 5000) },
        { "Input.Name", string.Empty },
        { "Input.Country", "XX" },
        { "Input.Country", "<b>" },
        { "Input.Language", "klingon" },
        { "Input.Channel", "99" },
        { "Input.Channel", "Email" },
        { "Input.SmimeCertificate", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----" },
        { "Input.SmimeCertificate", new string('A', 100_000) },
        { "Input.SmimeCertificate", "expired" },
        { "Input.SmimeCertificate", "signing-only" },
        { "Input.OpenPgpKey", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----" },
        { "Input.OpenPgpKey", "\u0000\u0007" },
        { "Input.Notes", new string('x', 3000) },
    };

    [Theory]
    [MemberData(nameof(HostileAuthorityInputs))]
    public async Task HostileInput_ToTheAuthorityForm_GetsAClearRefusal_NeverA500(string field, string value)
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        if (value is "expired" or "signing-only")
        {
            using var cert = value == "expired"
                ? Certificate(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1))
                : Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), X509KeyUsageFlags.DigitalSignature);
            value = cert.ExportCertificatePem();
        }

        var fields = new Dictionary<string, string>
        {
            ["Input.Country"] = "TH", ["Input.Name"] = "Valid Police " + Guid.NewGuid().ToString("N")[..6], ["Input.Language"] = "en",
            ["Input.Channel"] = "Manual", ["Input.Email"] = string.Empty,
        };
        fields[field] = value;
        var page = await admin.GetDocumentAsync("/en/admin/authorities/edit");
        var response = await admin.SubmitAsync(page, "/en/admin/authorities/edit", fields, "#authority-form");
        Assert.True((int)response.StatusCode < 500, $"{field}: {(int)response.StatusCode}");
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            var body = await response.DocumentAsync();
            Assert.NotNull(body.QuerySelector(".field-error:not(:empty)"));
            Assert.Null(body.QuerySelector("main script"));
        }
    }

    [Fact]
    public async Task AnAdministrator_AddsAnSmimeAuthority_EditsIt_AndRetiresItOnceUsed_ForgedIdsAre404()
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var list = await admin.GetDocumentAsync("/en/admin/authorities");
        Assert.Contains("Federale Politie", list.QuerySelector("#authorities")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Placeholder", list.QuerySelector("#authorities")!.TextContent, StringComparison.Ordinal);

        var name = "Admin Added Unit " + Guid.NewGuid().ToString("N")[..6];
        using var cert = Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var page = await admin.GetDocumentAsync("/en/admin/authorities/edit");
        var added = await admin.SubmitAsync(page, "/en/admin/authorities/edit", new Dictionary<string, string>
        {
            ["Input.Country"] = "TH", ["Input.Name"] = name, ["Input.Language"] = "nl", ["Input.Channel"] = "Email",
            ["Input.Email"] = "unit@politie.example", ["Input.SmimeCertificate"] = cert.ExportCertificatePem(),
        }, "#authority-form");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        list = await admin.GetDocumentAsync("/en/admin/authorities");
        var row = list.QuerySelectorAll("#authorities tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("Encrypted email (S/MIME)", row.TextContent, StringComparison.Ordinal);
        var editUrl = row.QuerySelector("a")!.GetAttribute("href")!;
        var authorityId = Guid.Parse(editUrl.Split('/').Last());

        // Edit: the form shows what is stored; a new name, language and notes are saved.
        page = await admin.GetDocumentAsync(editUrl);
        Assert.Equal(name, page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        var saved = await admin.SubmitAsync(page, editUrl, new Dictionary<string, string>
        {
            ["Input.Name"] = name + " (edited)", ["Input.Language"] = "fr", ["Input.Notes"] = "Call first",
        }, "#authority-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("done=saved", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using (var scope = App.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>().Set<PoliceAuthority>().AsNoTracking().SingleAsync(x => x.Id == authorityId);
            Assert.Equal(name + " (edited)", stored.Name);
            Assert.Equal("fr", stored.Language);
            Assert.Equal("Call first", stored.Notes);
            Assert.Equal("unit@politie.example", stored.Email);
            Assert.False(stored.Retired);
        }

        // Used by a forward, "remove" retires it (kept for the forward's history) instead of deleting it.
        var (_, handler) = await HandlerAsync();
        var (reportId, _, _) = await FileAsync("Rt4Marker", null);
        var forwardPage = await ForwardPageAsync(handler, reportId);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(forwardPage, $"/en/desk/report/{reportId}/forward",
            new Dictionary<string, string> { ["AuthorityId"] = authorityId.ToString() }, "#prepare-form")).StatusCode);
        page = await admin.GetDocumentAsync(editUrl);
        Assert.Contains("Retire", page.QuerySelector("#remove-form")!.TextContent, StringComparison.Ordinal);
        var retired = await admin.SubmitAsync(page, editUrl, new Dictionary<string, string>(), "#remove-form");
        Assert.Contains("done=retired", retired.Headers.Location!.ToString(), StringComparison.Ordinal);
        list = await admin.GetDocumentAsync("/en/admin/authorities");
        row = list.QuerySelectorAll("#authorities tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("Retired", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(ForwardState.Voided, (await ForwardOfAsync(reportId)).State);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>();
            Assert.True((await db.Set<PoliceAuthority>().AsNoTracking().SingleAsync(x => x.Id == authorityId)).Retired);
            Assert.Contains(await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Target == authorityId.ToString()).Select(e => e.Action).ToListAsync(),
                x => x == "admin.authority.retired");
        }

        // A retired authority is no longer offered to handlers.
        forwardPage = await ForwardPageAsync(handler, reportId);
        Assert.DoesNotContain(name, forwardPage.QuerySelector("#prepare-form")!.TextContent, StringComparison.Ordinal);

        // One no forward refers to is deleted.
        var unused = await AddAuthorityAsync("Unused Unit " + Guid.NewGuid().ToString("N")[..6], AuthorityChannel.Manual);
        page = await admin.GetDocumentAsync($"/en/admin/authorities/edit/{unused}");
        var deleted = await admin.SubmitAsync(page, $"/en/admin/authorities/edit/{unused}", new Dictionary<string, string>(), "#remove-form");
        Assert.Contains("done=deleted", deleted.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/en/admin/authorities/edit/{unused}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/en/admin/authorities/edit/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/admin/authorities/edit/not-a-guid")).StatusCode);

        // A case handler is not an administrator.
        var refused = await handler.GetAsync("/en/admin/authorities");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)refused.StatusCode}");
    }

    [Fact]
    public async Task HostileInput_ToTheForwardForm_AndForgedIds_AreRefusedClearly_NeverA500()
    {
        App.Require();
        var (_, a) = await HandlerAsync();
        var (id, _, _) = await FileAsync("Hz9Marker", null);
        Guid placeholder;
        await using (var scope = App.Scope())
        {
            placeholder = await scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>().Set<PoliceAuthority>().Where(x => x.Placeholder).Select(x => x.Id).FirstAsync();
        }

        var page = await ForwardPageAsync(a, id);
        Assert.Contains("Anonymous report", page.QuerySelector("#consent")!.TextContent, StringComparison.Ordinal);
        foreach (var (authorityId, note) in new[]
                 {
                     (Guid.NewGuid().ToString(), "x"), ("not-a-guid", "x"), ("<script>", "x"), (placeholder.ToString(), "x"),
                     (string.Empty, "x"), (placeholder.ToString(), new string('n', 10_000)),
                 })
        {
            var response = await a.SubmitAsync(page, $"/en/desk/report/{id}/forward", new Dictionary<string, string> { ["AuthorityId"] = authorityId, ["CoveringNote"] = note }, "#prepare-form");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.NotNull((await response.DocumentAsync()).QuerySelector(".field-error:not(:empty)"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/en/desk/report/{Guid.NewGuid()}/forward")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/en/desk/report/{id}/forward?handler=Pdf&forward={Guid.NewGuid()}")).StatusCode);
        foreach (var handler in new[] { "Approve", "Refuse", "Delivered" })
        {
            var form = page.QuerySelector("#prepare-form")!;
            form.SetAttribute("action", $"/en/desk/report/{id}/forward?handler={handler}");
            foreach (var forged in new[] { Guid.NewGuid().ToString(), "nope" })
            {
                var response = await a.SubmitAsync(page, $"/en/desk/report/{id}/forward", new Dictionary<string, string> { ["ForwardId"] = forged }, "#prepare-form");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        await using (var scope = App.Scope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<SayStop.Web.Data.AppDbContext>().Set<ReportForward>().AnyAsync(f => f.ReportId == id));
        }
    }

    [Fact]
    public async Task AnOpenPgpKey_IsChecked_AndTheDossierMailOpensOnlyWithItsSecretKey()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.ValueOf(0x10001), new Org.BouncyCastle.Security.SecureRandom(), 2048, 12));
        var master = new Org.BouncyCastle.Bcpg.OpenPgp.PgpKeyPair(Org.BouncyCastle.Bcpg.PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), DateTime.UtcNow.AddMinutes(-1));
        var rings = new Org.BouncyCastle.Bcpg.OpenPgp.PgpKeyRingGenerator(Org.BouncyCastle.Bcpg.OpenPgp.PgpSignature.PositiveCertification, master,
            "Police Unit <unit@police.example>", Org.BouncyCastle.Bcpg.SymmetricKeyAlgorithmTag.Aes256, "pw".ToCharArray(), true, null, null, new Org.BouncyCastle.Security.SecureRandom());
        var secret = rings.GenerateSecretKeyRing();
        string armored;
        using (var buffer = new MemoryStream())
        {
            using (var armor = new Org.BouncyCastle.Bcpg.ArmoredOutputStream(buffer))
            {
                rings.GeneratePublicKeyRing().Encode(armor);
            }

            armored = Encoding.ASCII.GetString(buffer.ToArray());
        }

        Assert.Null(AuthorityKeys.CheckOpenPgpKey(armored, DateTime.UtcNow));
        Assert.Equal("Desk.Authority.Pgp.Unreadable", AuthorityKeys.CheckOpenPgpKey(armored.Replace("\nm", "\nX", StringComparison.Ordinal)[..200] + "\n-----END PGP PUBLIC KEY BLOCK-----", DateTime.UtcNow));

        await using var scope = App.Scope();
        var texts = scope.ServiceProvider.GetRequiredService<SayStop.Web.Infrastructure.Localization.Texts>();
        var signing = scope.ServiceProvider.GetRequiredService<DossierSigning>();
        var dossier = new Dossier("D-TEST1-TEST2", "en", new DateOnly(2026, 1, 2), "NGO", "Police Unit", new DateOnly(2026, 1, 1), "TH", "Thailand",
            "Suspicious", true, [new DossierAnswer("whatHappened", "What happened", "Pg5Marker on the beach")], [], 0, false, null, null);
        var key = AuthorityKeys.EncryptionKey(AuthorityKeys.TryReadOpenPgpKeys(armored)!, DateTime.UtcNow)!;
        var mime = await DossierMail.EncryptOpenPgpAsync(DossierMail.Body(texts, dossier, DossierPdf.Render(dossier, texts), dossier.ToJson()), key, signing.OpenPgpSigningKey()!, signing.OpenPgpPassphrase);
        Assert.DoesNotContain("Pg5Marker", Encoding.Latin1.GetString(mime), StringComparison.Ordinal);

        var encrypted = Assert.IsType<MultipartEncrypted>(MimeEntity.Load(new MemoryStream(mime)));
        using var cipher = new MemoryStream();
        ((MimePart)encrypted[1]).Content!.DecodeTo(cipher);
        cipher.Position = 0;
        var factory = new Org.BouncyCastle.Bcpg.OpenPgp.PgpObjectFactory(Org.BouncyCastle.Bcpg.OpenPgp.PgpUtilities.GetDecoderStream(cipher));
        var next = factory.NextPgpObject();
        var list = next as Org.BouncyCastle.Bcpg.OpenPgp.PgpEncryptedDataList ?? (Org.BouncyCastle.Bcpg.OpenPgp.PgpEncryptedDataList)factory.NextPgpObject();
        var data = list.GetEncryptedDataObjects().OfType<Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyEncryptedData>().Single();
        var privateKey = secret.GetSecretKey(data.KeyId).ExtractPrivateKey("pw".ToCharArray());
        var objects = new Org.BouncyCastle.Bcpg.OpenPgp.PgpObjectFactory(data.GetDataStream(privateKey));
        var plain = objects.NextPgpObject();
        if (plain is Org.BouncyCastle.Bcpg.OpenPgp.PgpCompressedData compressed)
        {
            objects = new Org.BouncyCastle.Bcpg.OpenPgp.PgpObjectFactory(compressed.GetDataStream());
            plain = objects.NextPgpObject();
        }

        // Signed by the organisation: a one-pass signature header comes before the literal data.
        Assert.IsType<Org.BouncyCastle.Bcpg.OpenPgp.PgpOnePassSignatureList>(plain);
        plain = objects.NextPgpObject();

        var inner = Assert.IsType<Multipart>(MimeEntity.Load(((Org.BouncyCastle.Bcpg.OpenPgp.PgpLiteralData)plain).GetInputStream()));
        var json = inner.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/json");
        Assert.Contains("Pg5Marker", Encoding.UTF8.GetString(Bytes(json)), StringComparison.Ordinal);
        var pdf = inner.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/pdf");
        Assert.Contains("Pg5Marker", PdfText(Bytes(pdf)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Belgian", "BE")]
    [InlineData("belge", "BE")]
    [InlineData("Belg", "BE")]
    [InlineData("BE", "BE")]
    [InlineData("België", "BE")]
    [InlineData("Dutch / French", "NL,FR")]
    [InlineData("Zwitsers", "CH")]
    [InlineData("Thai", "TH")]
    [InlineData("unknown", "")]
    [InlineData("", "")]
    public void Nationalities_AreReadFromFreeText(string typed, string expected) =>
        Assert.Equal(expected, string.Join(",", Nationalities.Countries(typed)));
}

public sealed class ForwardingSqliteTests(DeskSqliteApp app) : ForwardingTests(app), IClassFixture<DeskSqliteApp>;

public sealed class ForwardingPostgresTests(DeskPostgresApp app) : ForwardingTests(app), IClassFixture<DeskPostgresApp>;
