using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// A forward is bound to the authority's address and key when it is prepared: the approver sees them, an
/// administrator's change to the authority voids the forward (the preparer reads why), approval never sends to
/// another address or key even when the directory row is changed behind the pages' back, and every directory change
/// is audited and notified to the other administrators.
/// </summary>
public abstract class ForwardBindingTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    private async Task<Guid> FileAsync(string marker)
    {
        await using var scope = App.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
            new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar " + marker, "I saw " + marker), null, Guid.NewGuid());
        return result.ReportId!.Value;
    }

    private async Task<(Guid Id, HttpClient Client, StaffCredentials Who)> StaffAsync(string role)
    {
        var who = await App.CreateStaffAsync(role);
        var client = await App.SignInAsync(who);
        await using var scope = App.Scope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
        return (id, client, who);
    }

    private async Task<Guid> AddSmimeAuthorityAsync(string name, string email, X509Certificate2 cert)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var a = new PoliceAuthority
        {
            Id = Guid.CreateVersion7(), Country = "TH", Name = name, Language = "en", Channel = AuthorityChannel.Email, Email = email,
            SmimeCertificate = cert.ExportCertificatePem(), UpdatedAt = DateTime.UtcNow,
        };
        db.Add(a);
        await db.SaveChangesAsync();
        return a.Id;
    }

    private static async Task<IHtmlDocument> ForwardPageAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/en/desk/report/{id}/forward");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    private async Task<ReportForward> ForwardOfAsync(Guid reportId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ReportForward>().AsNoTracking()
            .OrderByDescending(f => f.PreparedAt).FirstAsync(f => f.ReportId == reportId);
    }

    private async Task<ReportForward> PrepareAsync(HttpClient preparer, Guid reportId, Guid authorityId)
    {
        var page = await ForwardPageAsync(preparer, reportId);
        var prepared = await preparer.SubmitAsync(page, $"/en/desk/report/{reportId}/forward",
            new Dictionary<string, string> { ["AuthorityId"] = authorityId.ToString(), ["CoveringNote"] = "please act" }, "#prepare-form");
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        return await ForwardOfAsync(reportId);
    }

    /// <summary>Posts an approval of <paramref name="forwardId"/> as a forged form (the page offers no button any more).</summary>
    private static Task<HttpResponseMessage> ForgeApprovalAsync(HttpClient client, IHtmlDocument page, Guid reportId, Guid forwardId)
    {
        page.QuerySelector("#prepare-form")!.SetAttribute("action", $"/en/desk/report/{reportId}/forward?handler=Approve");
        return client.SubmitAsync(page, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string> { ["ForwardId"] = forwardId.ToString() }, "#prepare-form");
    }

    private async Task<List<OutboxEmail>> OutboxToAsync(string address)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<OutboxEmail>().AsNoTracking().Where(e => e.To == address).ToListAsync();
    }

    [Fact]
    public async Task TheApproverSeesTheBoundAddressAndKey_AnAdministratorsChangeVoidsTheForward_AndTheOtherAdministratorsAreTold()
    {
        App.Require();
        var (_, a, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (_, b, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (_, admin, adminWho) = await StaffAsync(StaffRoles.Administrator);
        var (_, _, otherAdminWho) = await StaffAsync(StaffRoles.Administrator);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var policeAddress = $"unit-{suffix}@police.example";
        var attackerAddress = $"drop-{suffix}@attacker.example";
        using var policeCert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var attackerCert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var authority = await AddSmimeAuthorityAsync("Bound Unit " + suffix, policeAddress, policeCert);
        var reportId = await FileAsync("Bd1Marker");

        // Prepared: bound to the address and the certificate's SHA-256; the approver sees both.
        var forward = await PrepareAsync(a, reportId, authority);
        var policePrint = Convert.ToHexString(policeCert.GetCertHash(HashAlgorithmName.SHA256));
        Assert.Equal(ForwardDelivery.Smime, forward.BoundDelivery);
        Assert.Equal(policeAddress, forward.BoundAddress);
        Assert.Equal(policePrint, forward.BoundKeyFingerprint);
        var bPage = await ForwardPageAsync(b, reportId);
        var binding = bPage.QuerySelector(".forward-binding")!.TextContent;
        Assert.Contains(policeAddress, binding, StringComparison.Ordinal);
        Assert.Contains(Fingerprints.Grouped(policePrint), binding, StringComparison.Ordinal);
        Assert.NotNull(bPage.QuerySelector(".approve-form"));

        // An administrator points the authority at another address and certificate, through the real page.
        var editUrl = $"/en/admin/authorities/edit/{authority}";
        var edit = await admin.GetDocumentAsync(editUrl);
        var saved = await admin.SubmitAsync(edit, editUrl, new Dictionary<string, string>
        {
            ["Input.Email"] = attackerAddress, ["Input.SmimeCertificate"] = attackerCert.ExportCertificatePem(),
        }, "#authority-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The pending forward is void: no approve button, a forged approval is refused, nothing leaves.
        forward = await ForwardOfAsync(reportId);
        Assert.Equal(ForwardState.Voided, forward.State);
        var stale = await b.SubmitAsync(bPage, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string>(), ".approve-form");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        bPage = await ForwardPageAsync(b, reportId);
        Assert.Null(bPage.QuerySelector(".approve-form"));
        Assert.Equal(HttpStatusCode.Conflict, (await ForgeApprovalAsync(b, bPage, reportId, forward.Id)).StatusCode);
        Assert.Equal(ForwardState.Voided, (await ForwardOfAsync(reportId)).State);
        Assert.Empty(await OutboxToAsync(attackerAddress));
        Assert.Empty(await OutboxToAsync(policeAddress));

        // The preparer reads why, on the report page and in its timeline.
        var report = await a.GetDocumentAsync($"/en/desk/report/{reportId}");
        Assert.Contains("changed this authority's address, key or channel", report.QuerySelector("#forward-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("forward voided (the authority changed)", report.QuerySelector("#timeline")!.TextContent, StringComparison.Ordinal);

        // Audited with ids (what changed, the new key's print) and told to the other administrator, not the actor.
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var audit = await db.Set<AuditEntry>().AsNoTracking().ToListAsync();
            var save = Assert.Single(audit, e => e.Action == "admin.authority.saved" && e.Target == authority.ToString());
            Assert.Contains("changed=email,certificate", save.Details, StringComparison.Ordinal);
            Assert.Contains("voided=1", save.Details, StringComparison.Ordinal);
            Assert.Contains("key=" + Convert.ToHexString(attackerCert.GetCertHash(HashAlgorithmName.SHA256)), save.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(attackerAddress, save.Details, StringComparison.Ordinal);
            Assert.Contains(audit, e => e.Action == "desk.forward.voided" && e.Target == reportId.ToString() && e.Details.Contains(forward.Id.ToString(), StringComparison.Ordinal));
            Assert.Contains(audit, e => e.Action == "admin.authority.notified" && e.Target == authority.ToString());
            Assert.Empty(await db.Set<OutboxEmail>().AsNoTracking().Where(e => e.To == adminWho.Email).ToListAsync());
        }

        var notice = await App.Smtp.WaitForAsync(otherAdminWho.Email);
        var body = notice.TextBody;
        Assert.Contains($"https://saystop.test/en/admin/authorities/edit/{authority}", body, StringComparison.Ordinal);
        Assert.Contains("Pending forwards voided: 1", body, StringComparison.Ordinal);
        foreach (var secret in new[] { attackerAddress, policeAddress, "Bound Unit", reportId.ToString() })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, notice.Subject, StringComparison.Ordinal);
        }

        // Prepared again, it is bound to the new address and key, which the approver sees before approving.
        forward = await PrepareAsync(a, reportId, authority);
        Assert.Equal(attackerAddress, forward.BoundAddress);
        Assert.Contains(attackerAddress, (await ForwardPageAsync(b, reportId)).QuerySelector(".forward-binding")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADirectoryRowChangedBehindThePagesBack_IsNeverUsed_ApprovalRefusesAndSendsNothing()
    {
        App.Require();
        var (_, a, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (_, b, _) = await StaffAsync(StaffRoles.CaseHandler);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var policeAddress = $"unit-{suffix}@police.example";
        using var policeCert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var attackerCert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var authority = await AddSmimeAuthorityAsync("Raced Unit " + suffix, policeAddress, policeCert);
        var reportId = await FileAsync("Bd2Marker");
        var forward = await PrepareAsync(a, reportId, authority);
        var bPage = await ForwardPageAsync(b, reportId);

        // Only the key is swapped (same address), straight in the database: no voiding ran.
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<PoliceAuthority>().Where(x => x.Id == authority)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SmimeCertificate, attackerCert.ExportCertificatePem()));
        }

        var refused = await b.SubmitAsync(bPage, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string>(), ".approve-form");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("address or key changed after this forward was prepared", (await refused.DocumentAsync()).QuerySelector("#forward-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ForwardState.Prepared, (await ForwardOfAsync(reportId)).State);
        Assert.Empty(await OutboxToAsync(policeAddress));

        // The real certificate back: the approval goes through, to the bound address, encrypted to the bound key.
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<PoliceAuthority>().Where(x => x.Id == authority)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SmimeCertificate, policeCert.ExportCertificatePem()));
        }

        bPage = await ForwardPageAsync(b, reportId);
        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(bPage, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string>(), ".approve-form")).StatusCode);
        forward = await ForwardOfAsync(reportId);
        Assert.Equal(ForwardState.Sent, forward.State);
        var sent = Assert.Single(await OutboxToAsync(policeAddress));
        var cms = new System.Security.Cryptography.Pkcs.EnvelopedCms();
        var mime = Assert.IsType<MimeKit.Cryptography.ApplicationPkcs7Mime>(MimeKit.MimeEntity.Load(new MemoryStream(sent.MimeBody!)));
        using (var der = new MemoryStream())
        {
            mime.Content!.DecodeTo(der);
            cms.Decode(der.ToArray());
        }

        var recipient = Assert.Single(cms.RecipientInfos.Cast<System.Security.Cryptography.Pkcs.RecipientInfo>());
        var serial = Assert.IsType<System.Security.Cryptography.Xml.X509IssuerSerial>(recipient.RecipientIdentifier.Value);
        Assert.Equal(policeCert.SerialNumber, serial.SerialNumber, ignoreCase: true);
    }

    [Fact]
    public async Task EditingOnlyTheNameOrNotes_KeepsPendingForwards_RetiringVoidsThem()
    {
        App.Require();
        var (_, a, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (_, admin, _) = await StaffAsync(StaffRoles.Administrator);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var cert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var authority = await AddSmimeAuthorityAsync("Steady Unit " + suffix, $"unit-{suffix}@police.example", cert);
        var reportId = await FileAsync("Bd3Marker");
        await PrepareAsync(a, reportId, authority);

        var editUrl = $"/en/admin/authorities/edit/{authority}";
        var saved = await admin.SubmitAsync(await admin.GetDocumentAsync(editUrl), editUrl,
            new Dictionary<string, string> { ["Input.Name"] = "Steady Unit renamed " + suffix, ["Input.Notes"] = "opening hours" }, "#authority-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(ForwardState.Prepared, (await ForwardOfAsync(reportId)).State);

        var retired = await admin.SubmitAsync(await admin.GetDocumentAsync(editUrl), editUrl, new Dictionary<string, string>(), "#remove-form");
        Assert.Contains("done=retired", retired.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ForwardState.Voided, (await ForwardOfAsync(reportId)).State);
        await using var scope = App.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking().Where(e => e.Target == authority.ToString()).ToListAsync();
        Assert.Contains(audit, e => e.Action == "admin.authority.saved" && e.Details.Contains("changed=none voided=0", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "admin.authority.retired" && e.Details.Contains("voided=1", StringComparison.Ordinal));
    }
}

public sealed class ForwardBindingSqliteTests(DeskSqliteApp app) : ForwardBindingTests(app), IClassFixture<DeskSqliteApp>;

public sealed class ForwardBindingPostgresTests(DeskPostgresApp app) : ForwardBindingTests(app), IClassFixture<DeskPostgresApp>;
