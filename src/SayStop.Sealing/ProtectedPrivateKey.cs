using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SayStop.Sealing;

/// <summary>
/// A case handler's private key encrypted (XChaCha20-Poly1305) under Argon2id(password, per-key random salt).
/// The password is Unicode-normalised (NFC) and UTF-8 encoded first, so the same password typed on another device
/// unlocks it. The cost is stored in the blob, so it can be raised at the next sign-in with <see cref="TryRewrap"/>.
/// Layout (131 bytes): version (1) | kind 'P' (1) | Argon2id cost (9) | salt (16) | public key (32) | nonce (24) |
/// encrypted private key (32) | tag (16).
/// </summary>
public static class ProtectedPrivateKey
{
    private const int CostOffset = Format.HeaderSize;
    private const int SaltOffset = CostOffset + Argon2idCost.EncodedSize;
    private const int PublicKeyOffset = SaltOffset + Format.SaltSize;
    private const int NonceOffset = PublicKeyOffset + Format.PublicKeySize;
    private const int CiphertextOffset = NonceOffset + Format.NonceSize;

    /// <summary>Length of the blob.</summary>
    public const int Size = CiphertextOffset + Format.KeySize + Format.TagSize;

    /// <summary>Encrypts the private key of <paramref name="keyPair"/> under <paramref name="password"/>.</summary>
    public static byte[] Protect(KeyPair keyPair, string password, Argon2idCost cost) =>
        Protect(keyPair, password, cost, Primitives.RandomBytes(Format.SaltSize), Primitives.RandomBytes(Format.NonceSize));

    /// <summary>
    /// Decrypts the key pair. False for a wrong password or an altered blob (which cannot be told apart).
    /// </summary>
    public static bool TryUnlock(ReadOnlySpan<byte> protectedKey, string password, [NotNullWhen(true)] out KeyPair? keyPair)
    {
        ArgumentNullException.ThrowIfNull(password);
        keyPair = null;
        if (protectedKey.Length != Size || !Format.HasHeader(protectedKey, Format.KindProtectedPrivateKey)
            || !Argon2idCost.TryRead(protectedKey[CostOffset..], out var cost))
        {
            return false;
        }
        Span<byte> key = stackalloc byte[Format.KeySize];
        Span<byte> privateKey = stackalloc byte[Format.KeySize];
        try
        {
            DeriveKey(password, protectedKey.Slice(SaltOffset, Format.SaltSize), cost, key);
            if (!Primitives.TryDecrypt(key, protectedKey.Slice(NonceOffset, Format.NonceSize), protectedKey[..NonceOffset],
                    protectedKey[CiphertextOffset..], privateKey))
            {
                return false;
            }
            var candidate = KeyPair.FromPrivateKey(privateKey);
            if (!candidate.PublicKey.Bytes.SequenceEqual(protectedKey.Slice(PublicKeyOffset, Format.PublicKeySize)))
            {
                candidate.Dispose();
                return false;
            }
            keyPair = candidate;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// Re-encrypts under a new password and/or cost (fresh salt and nonce). False when <paramref name="oldPassword"/>
    /// does not unlock the blob.
    /// </summary>
    public static bool TryRewrap(ReadOnlySpan<byte> protectedKey, string oldPassword, string newPassword,
        Argon2idCost cost, [NotNullWhen(true)] out byte[]? rewrapped)
    {
        rewrapped = null;
        if (!TryUnlock(protectedKey, oldPassword, out var keyPair))
        {
            return false;
        }
        using (keyPair)
        {
            rewrapped = Protect(keyPair, newPassword, cost);
            return true;
        }
    }

    /// <summary>The public key stored in the blob (no password needed).</summary>
    public static RecipientPublicKey GetPublicKey(ReadOnlySpan<byte> protectedKey)
    {
        CheckFormat(protectedKey);
        return RecipientPublicKey.FromBytes(protectedKey.Slice(PublicKeyOffset, Format.PublicKeySize));
    }

    /// <summary>The Argon2id cost stored in the blob (to decide whether to rewrap at a higher cost).</summary>
    public static Argon2idCost GetCost(ReadOnlySpan<byte> protectedKey)
    {
        CheckFormat(protectedKey);
        Argon2idCost.TryRead(protectedKey[CostOffset..], out var cost);
        return cost;
    }

    /// <summary>Deterministic core, used by the test vectors.</summary>
    internal static byte[] Protect(KeyPair keyPair, string password, Argon2idCost cost, ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        ArgumentNullException.ThrowIfNull(password);
        cost.Validate();
        var blob = new byte[Size];
        Format.WriteHeader(blob, Format.KindProtectedPrivateKey);
        cost.WriteTo(blob.AsSpan(CostOffset));
        salt.CopyTo(blob.AsSpan(SaltOffset, Format.SaltSize));
        keyPair.PublicKey.Bytes.CopyTo(blob.AsSpan(PublicKeyOffset));
        nonce.CopyTo(blob.AsSpan(NonceOffset, Format.NonceSize));
        Span<byte> key = stackalloc byte[Format.KeySize];
        var privateKey = keyPair.ExportPrivateKey();
        try
        {
            DeriveKey(password, salt, cost, key);
            Primitives.Encrypt(key, nonce, blob.AsSpan(0, NonceOffset), privateKey, blob.AsSpan(CiphertextOffset));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static void CheckFormat(ReadOnlySpan<byte> protectedKey)
    {
        if (protectedKey.Length != Size || !Format.HasHeader(protectedKey, Format.KindProtectedPrivateKey)
            || !Argon2idCost.TryRead(protectedKey[CostOffset..], out _))
        {
            throw new SealingException("Not a protected private key of a known format.");
        }
    }

    private static void DeriveKey(string password, ReadOnlySpan<byte> salt, Argon2idCost cost, Span<byte> key)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormC));
        try
        {
            Primitives.Argon2id(passwordBytes, salt, cost, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
