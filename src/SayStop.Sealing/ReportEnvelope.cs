using System.Security.Cryptography;
using System.Text;

namespace SayStop.Sealing;

/// <summary>
/// Seals one field of a report (answers, contact, a message, a note) with XChaCha20-Poly1305 and a random 192-bit
/// nonce, under a key derived from the report's <see cref="ContentKey"/> with HKDF-SHA256 (info "SayStop.Sealing/v1/envelope"). The report id and a purpose label are bound in as associated
/// data, so a blob moved to another report or field does not open.
/// Layout: version (1) | kind 'E' (1) | nonce (24) | ciphertext | tag (16).
/// </summary>
public static class ReportEnvelope
{
    private const int NonceOffset = Format.HeaderSize;
    private const int CiphertextOffset = NonceOffset + Format.NonceSize;

    /// <summary>Bytes added to the plaintext by sealing (42).</summary>
    public const int Overhead = CiphertextOffset + Format.TagSize;

    /// <summary>Seals bytes.</summary>
    public static byte[] Seal(ContentKey key, Guid reportId, string purpose, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[Format.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Seal(key, reportId, purpose, plaintext, nonce);
    }

    /// <summary>Seals text as UTF-8.</summary>
    public static byte[] SealText(ContentKey key, Guid reportId, string purpose, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Seal(key, reportId, purpose, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Opens a sealed field; throws <see cref="SealingException"/> if it was altered or belongs elsewhere.</summary>
    public static byte[] Open(ContentKey key, Guid reportId, string purpose, ReadOnlySpan<byte> sealedData)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (sealedData.Length < Overhead || !Format.HasHeader(sealedData, Format.KindEnvelope))
        {
            throw new SealingException("Not a sealed report field of a known format.");
        }
        var associatedData = AssociatedData(sealedData[..Format.HeaderSize], reportId, purpose);
        var plaintext = new byte[sealedData.Length - Overhead];
        Span<byte> envelopeKey = stackalloc byte[Format.KeySize];
        try
        {
            DeriveKey(key, envelopeKey);
            if (!Primitives.TryDecrypt(envelopeKey, sealedData.Slice(NonceOffset, Format.NonceSize), associatedData,
                    sealedData[CiphertextOffset..], plaintext))
            {
                throw new SealingException();
            }
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(envelopeKey);
        }
    }

    /// <summary>Opens a field sealed with <see cref="SealText"/>.</summary>
    public static string OpenText(ContentKey key, Guid reportId, string purpose, ReadOnlySpan<byte> sealedData)
    {
        var bytes = Open(key, reportId, purpose, sealedData);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new SealingException("The sealed text is not valid UTF-8.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Deterministic core, used by the test vectors.</summary>
    internal static byte[] Seal(ContentKey key, Guid reportId, string purpose, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(key);
        var blob = new byte[plaintext.Length + Overhead];
        Format.WriteHeader(blob, Format.KindEnvelope);
        nonce.CopyTo(blob.AsSpan(NonceOffset, Format.NonceSize));
        var associatedData = AssociatedData(blob.AsSpan(0, Format.HeaderSize), reportId, purpose);
        Span<byte> envelopeKey = stackalloc byte[Format.KeySize];
        try
        {
            DeriveKey(key, envelopeKey);
            Primitives.Encrypt(envelopeKey, nonce, associatedData, plaintext, blob.AsSpan(CiphertextOffset));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(envelopeKey);
        }
    }

    /// <summary>
    /// The content key also keys HKDF for attachments; deriving the field key too keeps every use of the content key
    /// one of HKDF input, never a direct AEAD key (key separation).
    /// </summary>
    private static void DeriveKey(ContentKey key, Span<byte> envelopeKey) =>
        Primitives.Hkdf(key.Bytes, ReadOnlySpan<byte>.Empty, Format.EnvelopeLabel, envelopeKey);

    /// <summary>header (2) | report id (16, big-endian) | purpose (UTF-8, the rest).</summary>
    internal static byte[] AssociatedData(ReadOnlySpan<byte> header, Guid reportId, string purpose) =>
        Format.Concat(header.ToArray(), Format.ReportIdBytes(reportId), Format.PurposeBytes(purpose));
}
