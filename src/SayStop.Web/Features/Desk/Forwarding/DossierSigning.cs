using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// The organisation's keys that sign every dossier email, so the police can check who sent it: an X.509 certificate
/// with its private key (S/MIME) and an OpenPGP secret key (PGP/MIME). Both are files outside the data folder
/// (default <c>keys/</c> beside it, <c>Site:KeysDirectory</c>); their passphrases come from configuration. In
/// Development and Testing a missing key is made (self-signed) at first use; in Production nothing is made: the
/// start-up log says the key is missing and an email dossier is refused until it is configured (docs/OPERATIONS.md).
/// </summary>
public sealed class DossierSigning(IConfiguration configuration, IHostEnvironment environment, ILogger<DossierSigning> logger)
{
    public const string CertificateFile = "dossier-signing.pem";
    public const string OpenPgpFile = "dossier-signing.asc";

    private readonly Lock _lock = new();
    private X509Certificate2? _certificate;
    private PgpSecretKeyRing? _openPgp;

    /// <summary>Whether a missing key is made on first use (never in Production).</summary>
    public bool MakesMissingKeys => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public string CertificatePath => configuration["Forwarding:SigningCertificate"] is { Length: > 0 } p ? p : Path.Combine(KeysDirectory(configuration), CertificateFile);

    public string OpenPgpPath => configuration["Forwarding:SigningOpenPgpKey"] is { Length: > 0 } p ? p : Path.Combine(KeysDirectory(configuration), OpenPgpFile);

    /// <summary>The folder for key files: <c>Site:KeysDirectory</c>, else <c>keys</c> beside the data folder (never inside it).</summary>
    public static string KeysDirectory(IConfiguration configuration)
    {
        if (configuration["Site:KeysDirectory"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var data = Path.GetFullPath(configuration["Site:DataDirectory"] ?? "data");
        return Path.Combine(Path.GetDirectoryName(data.TrimEnd(Path.DirectorySeparatorChar)) ?? ".", "keys");
    }

    /// <summary>The S/MIME signing certificate with its private key, or null when none is configured (Production).</summary>
    public X509Certificate2? Certificate()
    {
        lock (_lock)
        {
            return _certificate ??= Guarded(LoadCertificate);
        }
    }

    /// <summary>The OpenPGP signing key ring, or null when none is configured (Production).</summary>
    public PgpSecretKeyRing? OpenPgpKeyRing()
    {
        lock (_lock)
        {
            return _openPgp ??= Guarded(LoadOpenPgp);
        }
    }

    /// <summary>The passphrase of the OpenPGP secret key (empty when the key file is not protected).</summary>
    public string OpenPgpPassphrase => configuration["Forwarding:SigningOpenPgpPassphrase"] ?? string.Empty;

    /// <summary>The signing key of the ring (the primary key, made able to sign).</summary>
    public PgpSecretKey? OpenPgpSigningKey() => OpenPgpKeyRing()?.GetSecretKeys().FirstOrDefault(k => k.IsSigningKey);

    /// <summary>The certificate alone, PEM, for administrators to give to the police.</summary>
    public string? CertificatePem() => Certificate()?.ExportCertificatePem();

    /// <summary>The OpenPGP public key, armored, for administrators to give to the police.</summary>
    public string? OpenPgpPublicKey()
    {
        var ring = OpenPgpKeyRing();
        if (ring is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var armor = new ArmoredOutputStream(buffer))
        {
            new PgpPublicKeyRing(ring.GetPublicKeys().Select(k => k.GetEncoded()).SelectMany(b => b).ToArray()).Encode(armor);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>SHA-256 of the certificate (DER), uppercase hex.</summary>
    public static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>The OpenPGP fingerprint of a key, uppercase hex.</summary>
    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    /// <summary>Says at start-up what signs dossiers, or loudly that nothing does (fingerprints only).</summary>
    public void ReportAtStart()
    {
        var cert = Certificate();
        var pgp = OpenPgpKeyRing();
        if (cert is null || pgp is null)
        {
            logger.LogError(
                "No dossier signing key ({Missing}): dossiers cannot be emailed to the police until Forwarding:SigningCertificate and Forwarding:SigningOpenPgpKey name key files (docs/OPERATIONS.md)",
                cert is null && pgp is null ? "S/MIME and OpenPGP" : cert is null ? "S/MIME" : "OpenPGP");
        }
        else
        {
            logger.LogInformation("Dossiers are signed with certificate {CertificateFingerprint} and OpenPGP key {OpenPgpFingerprint}",
                Fingerprint(cert), Fingerprint(pgp.GetPublicKey()));
        }
    }

    /// <summary>A key file that does not load (wrong passphrase, damaged) counts as missing, said in the log without its content.</summary>
    private T? Guarded<T>(Func<T?> load)
        where T : class
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or PgpException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogError("A dossier signing key does not load ({Error}): dossiers cannot be emailed to the police", e.GetType().Name);
            return null;
        }
    }

    private X509Certificate2? LoadCertificate()
    {
        var path = CertificatePath;
        var password = configuration["Forwarding:SigningCertificatePassword"];
        if (!File.Exists(path))
        {
            if (!MakesMissingKeys)
            {
                return null;
            }

            WriteOnce(path, MakeCertificatePem(password));
            logger.LogInformation("Made a self-signed dossier signing certificate (Development/Testing only)");
        }

        var pem = File.ReadAllText(path);
        using var loaded = string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPem(pem, pem) : X509Certificate2.CreateFromEncryptedPem(pem, pem, password);
        if (!loaded.HasPrivateKey)
        {
            throw new CryptographicException("The dossier signing certificate has no private key.");
        }

        // Re-imported as PKCS#12 so the key is exportable: MimeKit hands it to BouncyCastle to sign.
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    private PgpSecretKeyRing? LoadOpenPgp()
    {
        var path = OpenPgpPath;
        if (!File.Exists(path))
        {
            if (!MakesMissingKeys)
            {
                return null;
            }

            WriteOnce(path, MakeOpenPgpKey(OpenPgpPassphrase));
            logger.LogInformation("Made a dossier signing OpenPGP key (Development/Testing only)");
        }

        using var input = File.OpenRead(path);
        using var decoder = PgpUtilities.GetDecoderStream(input);
        var ring = new PgpSecretKeyRingBundle(decoder).GetKeyRings().FirstOrDefault()
            ?? throw new PgpException("The dossier signing OpenPGP file holds no secret key.");
        if (!ring.GetSecretKeys().Any(k => k.IsSigningKey))
        {
            throw new PgpException("The dossier signing OpenPGP key cannot sign.");
        }

        return ring;
    }

    /// <summary>Writes a new key file readable by the owner only; when another process made it first, theirs stays.</summary>
    private static void WriteOnce(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.ASCII.GetBytes(text));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    private string Address => configuration["Email:From"] is { Length: > 0 } from && MimeKit.MailboxAddress.TryParse(from, out var m) ? m.Address : "desk@saystop.invalid";

    private string MakeCertificatePem(string? password)
    {
        using var rsa = RSA.Create(3072);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("SayStop dossier signing (self-signed, not for production)");
        subject.AddEmailAddress(Address);
        var request = new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var alternative = new SubjectAlternativeNameBuilder();
        alternative.AddEmailAddress(Address);
        request.CertificateExtensions.Add(alternative.Build());
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var key = string.IsNullOrEmpty(password)
            ? rsa.ExportPkcs8PrivateKeyPem()
            : rsa.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000));
        return cert.ExportCertificatePem() + "\n" + key + "\n";
    }

    private string MakeOpenPgpKey(string passphrase)
    {
        var random = new SecureRandom();

        // .NET (OpenSSL) makes the RSA key in a fraction of BouncyCastle's time; BouncyCastle only wraps it for OpenPGP.
        using var rsa = RSA.Create(3072);
        var master = new PgpKeyPair(PublicKeyAlgorithmTag.RsaSign, DotNetUtilities.GetRsaKeyPair(rsa), DateTime.UtcNow.AddMinutes(-5));
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha256, (int)HashAlgorithmTag.Sha512]);
        hashed.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256]);
        var rings = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, master, $"SayStop dossier signing (not for production) <{Address}>",
            string.IsNullOrEmpty(passphrase) ? SymmetricKeyAlgorithmTag.Null : SymmetricKeyAlgorithmTag.Aes256,
            passphrase.ToCharArray(), true, hashed.Generate(), null, random);
        using var buffer = new MemoryStream();
        using (var armor = new ArmoredOutputStream(buffer))
        {
            rings.GenerateSecretKeyRing().Encode(armor);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}

/// <summary>Loads (or, in Development/Testing, makes) the signing keys after start-up and logs what signs dossiers.</summary>
internal sealed class DossierSigningCheck(DossierSigning signing, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(signing.ReportAtStart, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Fingerprints as people compare them aloud: hex in groups of four.</summary>
public static class Fingerprints
{
    public static string Grouped(string hex) => string.Join(' ', hex.Chunk(4).Select(c => new string(c)));
}
