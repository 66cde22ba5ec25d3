using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// The dossier email as the police receive it, checked with tools other than the ones that made it (OpenSSL and
/// .NET's CMS for S/MIME, GnuPG for OpenPGP): AES-256 and RSAES-OAEP even for a certificate without the
/// SMIMECapabilities extension, exactly one recipient (the authority), and the organisation's signature, verified
/// against the public key an administrator downloads. Also: the stored covering note and dossier open with the
/// report's case key and not with its content key (which the reporter's receipt opens).
/// </summary>
public abstract class DossierCryptoTests(DeskApp app)
{
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    private const string RsaesOaep = "1.2.840.113549.1.1.7";

    protected DeskApp App { get; } = app;

    private async Task<(Guid Id, string Receipt)> FileAsync(string marker)
    {
        await using var scope = App.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
            new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar " + marker, "I saw " + marker), null, Guid.NewGuid());
        return (result.ReportId!.Value, result.Receipt!.ToDisplayString());
    }

    private async Task<(Guid Id, HttpClient Client, StaffCredentials Who)> StaffAsync(string role)
    {
        var who = await App.CreateStaffAsync(role);
        var client = await App.SignInAsync(who);
        await using var scope = App.Scope();
        var id = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
        return (id, client, who);
    }

    private async Task<Guid> AddAuthorityAsync(string email, string? certificatePem, string? openPgpKey)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var a = new PoliceAuthority
        {
            Id = Guid.CreateVersion7(), Country = "TH", Name = "Crypto Unit " + Guid.NewGuid().ToString("N")[..6], Language = "en",
            Channel = AuthorityChannel.Email, Email = email, SmimeCertificate = certificatePem, OpenPgpKey = openPgpKey, UpdatedAt = DateTime.UtcNow,
        };
        db.Add(a);
        await db.SaveChangesAsync();
        return a.Id;
    }

    /// <summary>Three handlers who are there before the report arrives (so the report is sealed to them).</summary>
    private async Task<(HttpClient A, HttpClient B, (Guid Id, string Password) C)> HandlersAsync()
    {
        var (_, a, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (_, b, _) = await StaffAsync(StaffRoles.CaseHandler);
        var (cId, _, c) = await StaffAsync(StaffRoles.CaseHandler);
        return (a, b, (cId, c.Password));
    }

    /// <summary>A prepares (with a covering note), B approves, through the pages; returns the forward.</summary>
    private async Task<ReportForward> ForwardAsync(HttpClient a, HttpClient b, Guid reportId, Guid authority, string note)
    {
        var page = await a.GetDocumentAsync($"/en/desk/report/{reportId}/forward");
        Assert.Equal(HttpStatusCode.Redirect, (await a.SubmitAsync(page, $"/en/desk/report/{reportId}/forward",
            new Dictionary<string, string> { ["AuthorityId"] = authority.ToString(), ["CoveringNote"] = note }, "#prepare-form")).StatusCode);
        page = await b.GetDocumentAsync($"/en/desk/report/{reportId}/forward");
        Assert.Equal(HttpStatusCode.Redirect, (await b.SubmitAsync(page, $"/en/desk/report/{reportId}/forward", new Dictionary<string, string>(), ".approve-form")).StatusCode);
        await using var scope = App.Scope();
        var forward = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ReportForward>().AsNoTracking().SingleAsync(f => f.ReportId == reportId);
        Assert.Equal(ForwardState.Sent, forward.State);
        return forward;
    }

    private async Task<string> DownloadAsAdministratorAsync(string handler)
    {
        var (_, admin, _) = await StaffAsync(StaffRoles.Administrator);
        var list = await admin.GetDocumentAsync("/en/admin/authorities");
        Assert.Null(list.QuerySelector("#signing-missing"));
        var response = await admin.GetAsync($"/en/admin/authorities?handler={handler}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
        return text;
    }

    private static (int Exit, string Out, string Err) Run(string tool, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Proves the stored note and dossier are under the case key, and that the receipt's content key opens neither.</summary>
    private async Task AssertSealedUnderTheCaseKeyAsync(Guid reportId, string receipt, ReportForward forward, (Guid Id, string Password) handler, string noteMarker, string dossierMarker)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == reportId);
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        Assert.True(ReceiptVerifier.TryOpen(report.ReceiptVerifier, parsed, reportId, out var contentKey));
        using (contentKey)
        {
            Assert.Throws<SealingException>(() => ReportEnvelope.OpenText(contentKey!, reportId, "forward:" + forward.Id.ToString("D"), forward.SealedNote!));
            Assert.Throws<SealingException>(() => ReportEnvelope.Open(contentKey!, reportId, "dossier:" + forward.Id.ToString("D"), forward.SealedDossier!));
        }

        // A third handler, there when the report arrived, opens both with the case key.
        using var pair = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(handler.Id, handler.Password);
        using var caseKey = await scope.ServiceProvider.GetRequiredService<CaseFile>().OpenCaseKeyAsync(reportId, pair!, CancellationToken.None);
        Assert.NotNull(caseKey);
        Assert.Contains(noteMarker, ReportEnvelope.OpenText(caseKey, reportId, "forward:" + forward.Id.ToString("D"), forward.SealedNote!), StringComparison.Ordinal);
        Assert.Contains(dossierMarker, Encoding.UTF8.GetString(ReportEnvelope.Open(caseKey, reportId, "dossier:" + forward.Id.ToString("D"), forward.SealedDossier!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smime_WithoutSmimeCapabilities_IsAes256AndOaep_ToTheAuthorityAlone_SignedByTheOrganisation_AsOpenSslSees()
    {
        App.Require();
        var work = Directory.CreateTempSubdirectory("saystop-smime-");
        try
        {
            // The existing helper's certificate has key usage and e-mail protection, and no SMIMECapabilities.
            using var cert = ForwardingTests.Certificate(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            Assert.DoesNotContain(cert.Extensions.Cast<X509Extension>(), e => e.Oid?.Value == "1.2.840.113549.1.9.15");
            var address = $"unit-{Guid.NewGuid():N}@police.example";
            var authority = await AddAuthorityAsync(address, cert.ExportCertificatePem(), null);
            var marker = "Sm" + Guid.NewGuid().ToString("N")[..10];
            var (a, b, c) = await HandlersAsync();
            var (reportId, receipt) = await FileAsync(marker);
            var forward = await ForwardAsync(a, b, reportId, authority, "NoteSm " + marker);

            var mail = await App.Smtp.WaitForAsync(address);
            var mailFile = Path.Combine(work.FullName, "mail.eml");
            await mail.WriteToAsync(mailFile);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "unit.pem"), cert.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "unit.key"), cert.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            var organisation = await DownloadAsAdministratorAsync("SigningCertificate");
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "organisation.pem"), organisation);

            // .NET's own CMS reader: one recipient, the authority's certificate, by RSAES-OAEP; AES-256 content.
            var cms = new EnvelopedCms();
            using (var der = new MemoryStream())
            {
                await Assert.IsType<ApplicationPkcs7Mime>(mail.Body).Content!.DecodeToAsync(der);
                cms.Decode(der.ToArray());
            }

            Assert.Equal(Aes256Cbc, cms.ContentEncryptionAlgorithm.Oid.Value);
            var recipient = Assert.Single(cms.RecipientInfos.Cast<RecipientInfo>());
            Assert.Equal(RsaesOaep, recipient.KeyEncryptionAlgorithm.Oid.Value);
            Assert.Equal(cert.SerialNumber, Assert.IsType<System.Security.Cryptography.Xml.X509IssuerSerial>(recipient.RecipientIdentifier.Value).SerialNumber, ignoreCase: true);

            // OpenSSL says the same.
            var print = Run("openssl", work.FullName, "cms", "-cmsout", "-print", "-in", "mail.eml");
            Assert.True(print.Exit == 0, print.Err);
            Assert.Contains("aes-256-cbc", print.Out, StringComparison.Ordinal);
            Assert.Contains("rsaesOaep", print.Out, StringComparison.Ordinal);
            Assert.Equal(1, print.Out.Split("d.ktri:").Length - 1);
            Assert.DoesNotContain("des-ede3", print.Out, StringComparison.Ordinal);

            // OpenSSL decrypts with the authority's key, then verifies the organisation's signature against the
            // certificate the administrator downloaded.
            var decrypt = Run("openssl", work.FullName, "cms", "-decrypt", "-in", "mail.eml", "-recip", "unit.pem", "-inkey", "unit.key", "-out", "signed.eml");
            Assert.True(decrypt.Exit == 0, decrypt.Err);
            Assert.Contains("multipart/signed", await File.ReadAllTextAsync(Path.Combine(work.FullName, "signed.eml")), StringComparison.OrdinalIgnoreCase);
            var verify = Run("openssl", work.FullName, "cms", "-verify", "-in", "signed.eml", "-CAfile", "organisation.pem", "-signer", "signer.pem", "-out", "content.eml");
            Assert.True(verify.Exit == 0, verify.Err);
            Assert.Contains("Verification successful", verify.Err, StringComparison.Ordinal);
            using (var signer = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(work.FullName, "signer.pem"))))
            using (var downloaded = X509Certificate2.CreateFromPem(organisation))
            {
                Assert.Equal(downloaded.Thumbprint, signer.Thumbprint);
            }

            var content = Assert.IsType<Multipart>(await MimeEntity.LoadAsync(Path.Combine(work.FullName, "content.eml")));
            Assert.Contains(marker, JsonOf(content), StringComparison.Ordinal);

            // A tampered signed body fails OpenSSL's verification.
            var tampered = (await File.ReadAllTextAsync(Path.Combine(work.FullName, "signed.eml"))).Replace(forward.Reference, "D-XXXXX-XXXXX", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "tampered.eml"), tampered);
            Assert.NotEqual(0, Run("openssl", work.FullName, "cms", "-verify", "-in", "tampered.eml", "-CAfile", "organisation.pem", "-out", "x.eml").Exit);

            await AssertSealedUnderTheCaseKeyAsync(reportId, receipt, forward, c, "NoteSm " + marker, marker);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task OpenPgp_IsAes256WithIntegrity_ToTheAuthorityAlone_SignedByTheOrganisation_AsGnuPgSees()
    {
        App.Require();
        // gpg-agent's socket path must stay short.
        var home = Directory.CreateDirectory(Path.Combine("/tmp", "sg" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            string[] Gpg(params string[] args) => ["--homedir", home.FullName, "--batch", "--pinentry-mode", "loopback", "--passphrase", string.Empty, .. args];
            var uid = $"Police Unit <unit-{Guid.NewGuid():N}@police.example>";
            var address = uid[(uid.IndexOf('<', StringComparison.Ordinal) + 1)..^1];
            var made = Run("gpg", home.FullName, Gpg("--quick-gen-key", uid, "rsa3072", "sign,cert", "never"));
            Assert.True(made.Exit == 0, made.Err);
            var primary = Fingerprints(Run("gpg", home.FullName, Gpg("--with-colons", "--list-keys", address)).Out)[0];
            Assert.Equal(0, Run("gpg", home.FullName, Gpg("--quick-add-key", primary, "rsa3072", "encr", "never")).Exit);
            var prints = Fingerprints(Run("gpg", home.FullName, Gpg("--with-colons", "--list-keys", address)).Out);
            var encryptionSubkey = prints[1];
            var exported = Run("gpg", home.FullName, Gpg("--armor", "--export", address)).Out;

            var authority = await AddAuthorityAsync(address, null, exported);
            var marker = "Pg" + Guid.NewGuid().ToString("N")[..10];
            var (a, b, c) = await HandlersAsync();
            var (reportId, receipt) = await FileAsync(marker);
            var forward = await ForwardAsync(a, b, reportId, authority, "NotePg " + marker);
            Assert.Equal(ForwardDelivery.OpenPgp, forward.BoundDelivery);
            Assert.Equal(encryptionSubkey, forward.BoundKeyFingerprint);

            var mail = await App.Smtp.WaitForAsync(address);
            var encrypted = Assert.IsType<MultipartEncrypted>(mail.Body);
            var cipherFile = Path.Combine(home.FullName, "dossier.asc");
            await using (var cipher = File.Create(cipherFile))
            {
                await ((MimePart)encrypted[1]).Content!.DecodeToAsync(cipher);
            }

            // Exactly one public-key encrypted session key, for the authority's encryption subkey.
            var packets = Run("gpg", home.FullName, Gpg("--list-packets", cipherFile));
            var sessionKeys = packets.Out.Split('\n').Where(l => l.StartsWith(":pubkey enc packet:", StringComparison.Ordinal)).ToList();
            var only = Assert.Single(sessionKeys);
            Assert.Contains("keyid " + encryptionSubkey[^16..], only, StringComparison.Ordinal);

            // GnuPG decrypts (AES-256, integrity protected) and verifies the organisation's signature with the downloaded key.
            var organisation = await DownloadAsAdministratorAsync("SigningOpenPgpKey");
            await File.WriteAllTextAsync(Path.Combine(home.FullName, "organisation.asc"), organisation);
            Assert.Equal(0, Run("gpg", home.FullName, Gpg("--import", Path.Combine(home.FullName, "organisation.asc"))).Exit);
            var organisationPrint = Fingerprints(Run("gpg", home.FullName, Gpg("--with-colons", "--show-keys", Path.Combine(home.FullName, "organisation.asc"))).Out)[0];
            var status = Path.Combine(home.FullName, "status.txt");
            var output = Path.Combine(home.FullName, "dossier.eml");
            var decrypted = Run("gpg", home.FullName, Gpg("--status-file", status, "--output", output, "--decrypt", cipherFile));
            Assert.True(decrypted.Exit == 0, decrypted.Err);
            var lines = await File.ReadAllLinesAsync(status);
            Assert.Contains(lines, l => l.StartsWith("[GNUPG:] DECRYPTION_INFO 2 9", StringComparison.Ordinal)); // MDC, AES-256
            Assert.Contains(lines, l => l.StartsWith("[GNUPG:] DECRYPTION_OKAY", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("[GNUPG:] GOODSIG", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("[GNUPG:] VALIDSIG " + organisationPrint, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("BADSIG", StringComparison.Ordinal) || l.Contains("DECRYPTION_FAILED", StringComparison.Ordinal));

            var content = Assert.IsType<Multipart>(await MimeEntity.LoadAsync(output));
            Assert.Contains(marker, JsonOf(content), StringComparison.Ordinal);

            await AssertSealedUnderTheCaseKeyAsync(reportId, receipt, forward, c, "NotePg " + marker, marker);
        }
        finally
        {
            Run("gpgconf", null, "--homedir", home.FullName, "--kill", "gpg-agent");
            home.Delete(recursive: true);
        }
    }

    /// <summary>The fingerprints of a <c>--with-colons</c> listing, in order (primary first, then subkeys).</summary>
    private static List<string> Fingerprints(string colons) =>
        colons.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).ToList();

    private static string JsonOf(Multipart content)
    {
        var json = content.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/json");
        using var buffer = new MemoryStream();
        json.Content!.DecodeTo(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

public sealed class DossierCryptoSqliteTests(DeskSqliteApp app) : DossierCryptoTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DossierCryptoPostgresTests(DeskPostgresApp app) : DossierCryptoTests(app), IClassFixture<DeskPostgresApp>;
