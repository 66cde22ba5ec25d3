using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Web.Features.Desk.Forwarding;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Where the organisation's dossier signing keys live and when they are made: in <c>keys/</c> beside the data folder
/// (never inside it), made only in Development/Testing, passphrase-protected when a passphrase is configured, and
/// never made in Production (where a missing key means no dossier is emailed).
/// </summary>
public sealed class DossierSigningTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("saystop-signing-");

    public void Dispose() => _root.Delete(recursive: true);

    private DossierSigning Signing(string environment, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Site:DataDirectory"] = Path.Combine(_root.FullName, "data") };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment, ContentRootPath = _root.FullName };
        return new DossierSigning(configuration, host, NullLogger<DossierSigning>.Instance);
    }

    [Fact]
    public void InProduction_AMissingKeyIsNotMade_AndNothingCanSign()
    {
        var signing = Signing(Environments.Production);
        Assert.False(signing.MakesMissingKeys);
        Assert.Null(signing.Certificate());
        Assert.Null(signing.OpenPgpSigningKey());
        Assert.Null(signing.CertificatePem());
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "keys")));
    }

    [Fact]
    public void InDevelopment_KeysAreMadeOnceInKeysBesideTheDataFolder_OwnerOnly_ProtectedByTheConfiguredPassphrases()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Forwarding:SigningCertificatePassword"] = "cert pass phrase",
            ["Forwarding:SigningOpenPgpPassphrase"] = "pgp pass phrase",
        };
        var signing = Signing(Environments.Development, settings);
        var cert = signing.Certificate();
        Assert.NotNull(cert);
        Assert.True(cert.HasPrivateKey);
        Assert.NotNull(signing.OpenPgpSigningKey());

        var keys = Path.Combine(_root.FullName, "keys");
        Assert.Equal(Path.Combine(keys, DossierSigning.CertificateFile), signing.CertificatePath);
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "data")));
        var pem = File.ReadAllText(signing.CertificatePath);
        Assert.Contains("ENCRYPTED PRIVATE KEY", pem, StringComparison.Ordinal);
        Assert.DoesNotContain("-----BEGIN PRIVATE KEY", pem, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(signing.CertificatePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(signing.OpenPgpPath));
        }
        Assert.DoesNotContain("PRIVATE", signing.CertificatePem()!, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", signing.OpenPgpPublicKey()!, StringComparison.Ordinal);

        // Another node (or a restart) reads the same keys; a wrong passphrase counts as no key, never a crash.
        var again = Signing(Environments.Development, settings);
        Assert.Equal(DossierSigning.Fingerprint(cert), DossierSigning.Fingerprint(again.Certificate()!));
        Assert.Equal(DossierSigning.Fingerprint(signing.OpenPgpKeyRing()!.GetPublicKey()), DossierSigning.Fingerprint(again.OpenPgpKeyRing()!.GetPublicKey()));
        var wrong = Signing(Environments.Production, new Dictionary<string, string?>
        {
            ["Site:KeysDirectory"] = keys, ["Forwarding:SigningCertificatePassword"] = "wrong",
        });
        Assert.Null(wrong.Certificate());
    }
}
