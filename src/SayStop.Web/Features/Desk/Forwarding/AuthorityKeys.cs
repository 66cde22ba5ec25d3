using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// Reads an authority's public S/MIME certificate (PEM) or OpenPGP key (armored) and says, with a text key, why it
/// cannot be used: it does not parse, it has expired (or is not valid yet), it cannot encrypt, it is revoked.
/// Parsing is the libraries' (.NET's X509 and BouncyCastle's OpenPGP); nothing here does cryptography.
/// </summary>
public static class AuthorityKeys
{
    /// <summary>Null when the certificate can encrypt mail today; otherwise the text key of the refusal.</summary>
    public static string? CheckCertificate(string pem, DateTime nowUtc)
    {
        using var cert = TryReadCertificate(pem);
        if (cert is null)
        {
            return "Desk.Authority.Cert.Unreadable";
        }

        if (cert.NotAfter.ToUniversalTime() < nowUtc || cert.NotBefore.ToUniversalTime() > nowUtc)
        {
            return "Desk.Authority.Cert.Expired";
        }

        var usage = cert.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var canEncrypt = cert.GetRSAPublicKey() is { } rsa
            ? usage is null || usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment)
            : cert.GetECDiffieHellmanPublicKey() is not null && (usage is null || usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyAgreement));
        if (!canEncrypt)
        {
            return "Desk.Authority.Cert.NotForEncryption";
        }

        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null && eku.EnhancedKeyUsages.Count > 0
            && !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is "1.3.6.1.5.5.7.3.4" or "2.5.29.37.0"))
        {
            // Has extended key usages, but not e-mail protection (nor "any").
            return "Desk.Authority.Cert.NotForEncryption";
        }

        return null;
    }

    /// <summary>The certificate of a PEM text (the first CERTIFICATE block), or null when it does not parse.</summary>
    public static X509Certificate2? TryReadCertificate(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem) || pem.Length > PoliceAuthority.MaxKey)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Null when the key has an encryption (sub)key valid today; otherwise the text key of the refusal.</summary>
    public static string? CheckOpenPgpKey(string armored, DateTime nowUtc)
    {
        var keys = TryReadOpenPgpKeys(armored);
        if (keys is null || keys.Count == 0)
        {
            return "Desk.Authority.Pgp.Unreadable";
        }

        var encryption = keys.Where(k => k.IsEncryptionKey && !k.HasRevocation()).ToList();
        if (encryption.Count == 0)
        {
            return "Desk.Authority.Pgp.NotForEncryption";
        }

        return EncryptionKey(keys, nowUtc) is null ? "Desk.Authority.Pgp.Expired" : null;
    }

    /// <summary>The encryption key to use today (the newest valid one), or null.</summary>
    public static PgpPublicKey? EncryptionKey(IReadOnlyList<PgpPublicKey> keys, DateTime nowUtc) =>
        keys.Where(k => k.IsEncryptionKey && !k.HasRevocation())
            .Where(k => k.CreationTime.ToUniversalTime() <= nowUtc.AddMinutes(5)
                        && (k.GetValidSeconds() == 0 || k.CreationTime.ToUniversalTime().AddSeconds(k.GetValidSeconds()) > nowUtc))
            .OrderByDescending(k => k.CreationTime)
            .FirstOrDefault();

    /// <summary>Every public key (primary and subkeys) of an armored key block, or null when it does not parse.</summary>
    public static IReadOnlyList<PgpPublicKey>? TryReadOpenPgpKeys(string? armored)
    {
        if (string.IsNullOrWhiteSpace(armored) || armored.Length > PoliceAuthority.MaxKey
            || !armored.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var input = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(armored));
            using var decoder = PgpUtilities.GetDecoderStream(input);
            var bundle = new PgpPublicKeyRingBundle(decoder);
            return bundle.GetKeyRings().SelectMany(r => r.GetPublicKeys()).ToList();
        }
#pragma warning disable CA1031 // A hostile key block can fail BouncyCastle's parser in many ways: each is "does not parse".
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
