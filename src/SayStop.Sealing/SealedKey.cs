using System.Security.Cryptography;
using NSec.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// A report's <see cref="ContentKey"/> sealed to one recipient public key: an anonymous sealed box in the shape of
/// HPKE base mode (RFC 9180) and libsodium's crypto_box_seal: a fresh ephemeral X25519 key, HKDF-SHA256 over the
/// shared secret with both public keys in the info, XChaCha20-Poly1305 with the report id in the associated data.
/// Layout (98 bytes): version (1) | kind 'K' (1) | recipient key id (16) | ephemeral public key (32) | sealed key (32) | tag (16).
/// </summary>
public static class SealedKey
{
    private const int KeyIdOffset = Format.HeaderSize;
    private const int EphemeralOffset = KeyIdOffset + RecipientKeyId.Size;
    private const int CiphertextOffset = EphemeralOffset + Format.PublicKeySize;

    /// <summary>Length of a sealed key blob.</summary>
    public const int Size = CiphertextOffset + Format.KeySize + Format.TagSize;

    /// <summary>Seals <paramref name="contentKey"/> of report <paramref name="reportId"/> to <paramref name="recipient"/>.</summary>
    public static byte[] Seal(ContentKey contentKey, RecipientPublicKey recipient, Guid reportId)
    {
        using var ephemeral = Primitives.CreateX25519Key();
        return Seal(contentKey, recipient, reportId, ephemeral);
    }

    /// <summary>The id of the public key a sealed key was sealed to (no secret needed).</summary>
    public static RecipientKeyId GetRecipientKeyId(ReadOnlySpan<byte> sealedKey)
    {
        if (sealedKey.Length != Size || !Format.HasHeader(sealedKey, Format.KindSealedKey))
        {
            throw new SealingException("Not a sealed key of a known format.");
        }
        return RecipientKeyId.FromBytes(sealedKey.Slice(KeyIdOffset, RecipientKeyId.Size));
    }

    /// <summary>
    /// Opens a sealed key with the recipient's unlocked key pair; throws <see cref="SealingException"/> when it was
    /// altered, sealed to another key, or belongs to another report.
    /// </summary>
    public static ContentKey Open(ReadOnlySpan<byte> sealedKey, KeyPair recipient, Guid reportId)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (GetRecipientKeyId(sealedKey) != recipient.PublicKey.Id)
        {
            throw new SealingException("The key was sealed to another recipient.");
        }
        var ephemeralPublic = sealedKey.Slice(EphemeralOffset, Format.PublicKeySize);
        Span<byte> okm = stackalloc byte[Format.KeySize + Format.NonceSize];
        Span<byte> contentKey = stackalloc byte[Format.KeySize];
        try
        {
            if (!Primitives.TryAgreeAndDerive(recipient.Key, ephemeralPublic,
                    Info(ephemeralPublic, recipient.PublicKey.Bytes), okm))
            {
                throw new SealingException();
            }
            var associatedData = AssociatedData(sealedKey[..CiphertextOffset], reportId);
            if (!Primitives.TryDecrypt(okm[..Format.KeySize], okm[Format.KeySize..], associatedData,
                    sealedKey[CiphertextOffset..], contentKey))
            {
                throw new SealingException();
            }
            return ContentKey.FromBytes(contentKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>Deterministic core, used by the test vectors (the ephemeral key is injected).</summary>
    internal static byte[] Seal(ContentKey contentKey, RecipientPublicKey recipient, Guid reportId, Key ephemeral)
    {
        ArgumentNullException.ThrowIfNull(contentKey);
        ArgumentNullException.ThrowIfNull(recipient);
        var blob = new byte[Size];
        Format.WriteHeader(blob, Format.KindSealedKey);
        recipient.Id.WriteTo(blob.AsSpan(KeyIdOffset, RecipientKeyId.Size));
        var ephemeralPublic = blob.AsSpan(EphemeralOffset, Format.PublicKeySize);
        ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(ephemeralPublic);

        Span<byte> okm = stackalloc byte[Format.KeySize + Format.NonceSize];
        try
        {
            if (!Primitives.TryAgreeAndDerive(ephemeral, recipient.Bytes, Info(ephemeralPublic, recipient.Bytes), okm))
            {
                throw new SealingException("Cannot seal to this public key.");
            }
            var associatedData = AssociatedData(blob.AsSpan(0, CiphertextOffset), reportId);
            Primitives.Encrypt(okm[..Format.KeySize], okm[Format.KeySize..], associatedData, contentKey.Bytes,
                blob.AsSpan(CiphertextOffset));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>HKDF info: label | ephemeral public key (32) | recipient public key (32).</summary>
    private static byte[] Info(ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> recipientPublic) =>
        Format.Concat(Format.SealedKeyLabel.ToArray(), ephemeralPublic.ToArray(), recipientPublic.ToArray());

    /// <summary>AD: header | key id | ephemeral public key (the first 50 bytes of the blob) | report id (16).</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> prefix, Guid reportId) =>
        Format.Concat(prefix.ToArray(), Format.ReportIdBytes(reportId));
}
