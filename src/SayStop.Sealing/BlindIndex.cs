using System.Security.Cryptography;
using System.Text;

namespace SayStop.Sealing;

/// <summary>
/// Keyed blind-index tokens: a deterministic 128-bit tag of a (kind, value) pair under a secret index key, so two
/// reports that share a detail get the same token while the database holds no detail and cannot test a guess without
/// the key. The index key is a random <see cref="ContentKey"/> sealed like a report's key (<see cref="SealedKey"/>);
/// it is used only as HKDF input (label <c>SayStop.Sealing/v1/blind-index</c>), and the token is HMAC-SHA256 (.NET)
/// under the derived key over UTF-8(kind) | 0x00 | UTF-8(value), truncated to 16 bytes (RFC 2104 section 5).
/// Normalising the value is the caller's job: the same text must give the same bytes.
/// </summary>
public static class BlindIndex
{
    /// <summary>Token length in bytes.</summary>
    public const int TokenSize = 16;

    /// <summary>The largest kind or value accepted, in UTF-8 bytes.</summary>
    public const int MaxInputBytes = 1024;

    /// <summary>The token of <paramref name="value"/> as a detail of <paramref name="kind"/>.</summary>
    public static byte[] Token(ContentKey indexKey, string kind, string value)
    {
        ArgumentNullException.ThrowIfNull(indexKey);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(value);
        if (kind.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(kind) > 64)
        {
            throw new ArgumentException("A kind is a short label without NUL.", nameof(kind));
        }

        var kindBytes = Encoding.UTF8.GetBytes(kind);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        if (valueBytes.Length > MaxInputBytes)
        {
            throw new ArgumentException("The value is too long.", nameof(value));
        }

        var message = new byte[kindBytes.Length + 1 + valueBytes.Length];
        kindBytes.CopyTo(message, 0);
        valueBytes.CopyTo(message, kindBytes.Length + 1);

        Span<byte> macKey = stackalloc byte[Format.KeySize];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            Primitives.Hkdf(indexKey.Bytes, ReadOnlySpan<byte>.Empty, Format.BlindIndexLabel, macKey);
            HMACSHA256.HashData(macKey, message, mac);
            return mac[..TokenSize].ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(macKey);
        }
    }
}
