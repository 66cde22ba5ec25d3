using System.Security.Cryptography;
using NSec.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// The only place that calls the primitives (all libsodium through NSec, plus the .NET CSPRNG):
/// XChaCha20-Poly1305, HKDF-SHA256, X25519, Argon2id, SHA-256.
/// </summary>
internal static class Primitives
{
    private static readonly AeadAlgorithm s_aead = AeadAlgorithm.XChaCha20Poly1305;
    private static readonly KeyDerivationAlgorithm s_hkdf = KeyDerivationAlgorithm.HkdfSha256;
    private static readonly KeyAgreementAlgorithm s_x25519 = KeyAgreementAlgorithm.X25519;

    public static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    /// <summary>XChaCha20-Poly1305 encryption; <paramref name="ciphertext"/> is plaintext length + 16.</summary>
    public static void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        using var k = Key.Import(s_aead, key, KeyBlobFormat.RawSymmetricKey);
        s_aead.Encrypt(k, nonce, associatedData, plaintext, ciphertext);
    }

    /// <summary>XChaCha20-Poly1305 decryption; false when authentication fails (NSec writes nothing then).</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (ciphertext.Length < Format.TagSize || plaintext.Length != ciphertext.Length - Format.TagSize)
        {
            return false;
        }
        using var k = Key.Import(s_aead, key, KeyBlobFormat.RawSymmetricKey);
        return s_aead.Decrypt(k, nonce, associatedData, ciphertext, plaintext);
    }

    /// <summary>HKDF-SHA256 (RFC 5869) extract-then-expand over raw input keying material.</summary>
    public static void Hkdf(ReadOnlySpan<byte> inputKeyingMaterial, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info,
        Span<byte> output) => s_hkdf.DeriveBytes(inputKeyingMaterial, salt, info, output);

    /// <summary>X25519 (RFC 7748) followed by HKDF-SHA256 over the shared secret, which never leaves NSec.</summary>
    public static bool TryAgreeAndDerive(Key privateKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> info,
        Span<byte> output)
    {
        if (!PublicKey.TryImport(s_x25519, peerPublicKey, KeyBlobFormat.RawPublicKey, out var peer) || peer is null)
        {
            return false;
        }
        try
        {
            // NSec refuses an all-zero shared secret (a low-order peer point) by throwing.
            using var secret = s_x25519.Agree(privateKey, peer);
            if (secret is null)
            {
                return false;
            }
            s_hkdf.DeriveBytes(secret, ReadOnlySpan<byte>.Empty, info, output);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static Key CreateX25519Key() =>
        Key.Create(s_x25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public static bool TryImportX25519PrivateKey(ReadOnlySpan<byte> privateKey, out Key? key)
    {
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return Key.TryImport(s_x25519, privateKey, KeyBlobFormat.RawPrivateKey, out key, in parameters) && key is not null;
    }

    public static bool IsValidX25519PublicKey(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == Format.PublicKeySize
        && PublicKey.TryImport(s_x25519, publicKey, KeyBlobFormat.RawPublicKey, out var imported) && imported is not null;

    /// <summary>Argon2id (RFC 9106) via libsodium, which supports one lane only.</summary>
    public static void Argon2id(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2idCost cost, Span<byte> output)
    {
        cost.Validate();
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Argon2idCost.Parallelism,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Iterations,
        });
        algorithm.DeriveBytes(password, salt, output);
    }

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> output) => SHA256.HashData(data, output);
}
