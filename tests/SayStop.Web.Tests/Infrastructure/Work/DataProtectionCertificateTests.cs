using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;

namespace SayStop.Web.Tests.Infrastructure.Work;

/// <summary>A site whose Data Protection key ring is encrypted with a certificate (docs/OPERATIONS.md).</summary>
public class CertificateApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=saystop-dataprotection-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(DataDirectory, "dataprotection.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test password"));
        builder.UseSetting("DataProtection:CertificatePath", path);
        builder.UseSetting("DataProtection:CertificatePassword", "test password");
    }
}

public sealed class CertificateSqliteApp() : CertificateApp(TestDb.Sqlite);

public sealed class CertificatePostgresApp() : CertificateApp(TestDb.Postgres);

/// <summary>
/// Quality defect 4: the "No XML encryptor configured" warning has a cure. With <c>DataProtection:CertificatePath</c>
/// the key ring in the database is encrypted (a dump alone does not unwrap captured cookies), the framework does not
/// warn, and the keys still work (a form round trip).
/// </summary>
public abstract class DataProtectionCertificateTests(CertificateApp app)
{
    protected CertificateApp App { get; } = app;

    [Fact]
    public async Task WithACertificate_TheKeyRingIsEncryptedAtRest_AndTheFrameworkDoesNotWarn()
    {
        App.Require();
        var client = App.Client();
        var doc = await client.GetDocumentAsync("/en/report/form?urgent=no");
        var next = await client.SubmitAsync(doc, "/en/report/form", new Dictionary<string, string> { ["go"] = "next", ["Input.Country"] = "BE" });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);

        await using var scope = App.Scope();
        var keys = await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("No XML encryptor configured", StringComparison.Ordinal));
    }
}

public sealed class DataProtectionCertificateSqliteTests(CertificateSqliteApp app) : DataProtectionCertificateTests(app), IClassFixture<CertificateSqliteApp>;

public sealed class DataProtectionCertificatePostgresTests(CertificatePostgresApp app) : DataProtectionCertificateTests(app), IClassFixture<CertificatePostgresApp>;
