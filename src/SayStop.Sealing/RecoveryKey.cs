using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// Printable form of the organisation recovery key's private part, to be printed once and kept offline (a safe);
/// this library never stores it. 35 bytes (version 0x01 | private key (32) | checksum (2)) in 56 Crockford base32
/// symbols, grouped by four. The checksum (first 2 bytes of SHA-256 over a label and the first 33 bytes) catches
/// typing mistakes; after import, compare <see cref="KeyPair.PublicKey"/> with the stored recovery public key.
/// </summary>
public static class RecoveryKey
{
    private const int PayloadSize = 1 + Format.KeySize + 2;
    private const int Symbols = PayloadSize / 5 * 8;

    /// <summary>The printable text of <paramref name="keyPair"/>'s private key. Show once; never store or log.</summary>
    public static string Export(KeyPair keyPair)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        var payload = new byte[PayloadSize];
        var privateKey = keyPair.ExportPrivateKey();
        try
        {
            payload[0] = Format.Version1;
            privateKey.CopyTo(payload, 1);
            Checksum(payload.AsSpan(0, 1 + Format.KeySize), payload.AsSpan(1 + Format.KeySize));
            return CrockfordBase32.Group(CrockfordBase32.Encode(payload), 4);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// Reads printed recovery text back (case, spaces, dashes and O/I/L confusions tolerated). False when the text is
    /// malformed or the checksum does not match.
    /// </summary>
    public static bool TryImport(string? text, [NotNullWhen(true)] out KeyPair? keyPair)
    {
        keyPair = null;
        var canonical = CrockfordBase32.Normalize(text);
        if (canonical is null || canonical.Length != Symbols)
        {
            return false;
        }
        Span<byte> payload = stackalloc byte[PayloadSize];
        Span<byte> checksum = stackalloc byte[2];
        try
        {
            if (!CrockfordBase32.TryDecode(canonical, payload) || payload[0] != Format.Version1)
            {
                return false;
            }
            Checksum(payload[..(1 + Format.KeySize)], checksum);
            if (!CryptographicOperations.FixedTimeEquals(checksum, payload[(1 + Format.KeySize)..]))
            {
                return false;
            }
            keyPair = KeyPair.FromPrivateKey(payload.Slice(1, Format.KeySize));
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    private static void Checksum(ReadOnlySpan<byte> versionAndKey, Span<byte> destination)
    {
        var input = Format.Concat(Format.RecoveryChecksumLabel.ToArray(), versionAndKey.ToArray());
        Span<byte> hash = stackalloc byte[32];
        try
        {
            Primitives.Sha256(input, hash);
            hash[..2].CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(hash);
        }
    }
}
