using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// What a report stores about its <see cref="Receipt"/>: one Argon2id computation over the receipt secret with a
/// per-report random salt gives a 32-byte master secret; HKDF-SHA256 splits it into a verifier (stored, compared in
/// constant time) and a wrapping key (never stored) under which the report's <see cref="ContentKey"/> is sealed, so
/// the reporter can read questions and answer with the receipt alone.
/// Layout (131 bytes): version (1) | kind 'R' (1) | Argon2id cost (9) | salt (16) | verifier (32) | nonce (24) |
/// sealed content key (32) | tag (16).
/// </summary>
public static class ReceiptVerifier
{
    private const int CostOffset = Format.HeaderSize;
    private const int SaltOffset = CostOffset + Argon2idCost.EncodedSize;
    private const int VerifierOffset = SaltOffset + Format.SaltSize;
    private const int NonceOffset = VerifierOffset + 32;
    private const int CiphertextOffset = NonceOffset + Format.NonceSize;

    /// <summary>Length of the blob.</summary>
    public const int Size = CiphertextOffset + Format.KeySize + Format.TagSize;

    /// <summary>Creates the blob for a new report (one Argon2id computation at <paramref name="cost"/>).</summary>
    public static byte[] Create(Receipt receipt, ContentKey contentKey, Guid reportId, Argon2idCost cost) =>
        Create(receipt, contentKey, reportId, cost, Primitives.RandomBytes(Format.SaltSize),
            Primitives.RandomBytes(Format.NonceSize));

    /// <summary>
    /// Checks the receipt and, when right, returns the report's content key. False for a wrong receipt, another
    /// report's blob, or an altered blob. Costs one Argon2id computation at the stored cost.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> verifier, Receipt receipt, Guid reportId,
        [NotNullWhen(true)] out ContentKey? contentKey)
    {
        contentKey = null;
        Span<byte> keys = stackalloc byte[64];
        Span<byte> key = stackalloc byte[Format.KeySize];
        try
        {
            if (!TryDeriveAndCheck(verifier, receipt, reportId, keys))
            {
                return false;
            }
            var associatedData = AssociatedData(verifier[..NonceOffset], reportId);
            if (!Primitives.TryDecrypt(keys[32..], verifier.Slice(NonceOffset, Format.NonceSize), associatedData,
                    verifier[CiphertextOffset..], key))
            {
                return false;
            }
            contentKey = ContentKey.FromBytes(key);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Checks the receipt only (same cost as <see cref="TryOpen"/>).</summary>
    public static bool Verify(ReadOnlySpan<byte> verifier, Receipt receipt, Guid reportId)
    {
        Span<byte> keys = stackalloc byte[64];
        try
        {
            return TryDeriveAndCheck(verifier, receipt, reportId, keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <summary>
    /// Spends the time of one verification at <paramref name="cost"/> and returns nothing: call it when no report has
    /// the typed locator, so response time does not tell whether a locator exists.
    /// </summary>
    public static void SpendVerificationTime(Argon2idCost cost)
    {
        Span<byte> output = stackalloc byte[32];
        Span<byte> salt = stackalloc byte[Format.SaltSize];
        Span<byte> password = stackalloc byte[Receipt.SecretBytes];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(password);
        Primitives.Argon2id(password, salt, cost, output);
        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>The cost stored in a blob (to decide whether to re-create it at a higher cost).</summary>
    public static Argon2idCost GetCost(ReadOnlySpan<byte> verifier)
    {
        if (verifier.Length != Size || !Format.HasHeader(verifier, Format.KindReceipt)
            || !Argon2idCost.TryRead(verifier[CostOffset..], out var cost))
        {
            throw new SealingException("Not a receipt verifier of a known format.");
        }
        return cost;
    }

    /// <summary>Deterministic core, used by the test vectors.</summary>
    internal static byte[] Create(Receipt receipt, ContentKey contentKey, Guid reportId, Argon2idCost cost,
        ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(contentKey);
        cost.Validate();
        var blob = new byte[Size];
        Format.WriteHeader(blob, Format.KindReceipt);
        cost.WriteTo(blob.AsSpan(CostOffset));
        salt.CopyTo(blob.AsSpan(SaltOffset, Format.SaltSize));
        nonce.CopyTo(blob.AsSpan(NonceOffset, Format.NonceSize));
        Span<byte> keys = stackalloc byte[64];
        try
        {
            Derive(receipt, salt, cost, reportId, keys);
            keys[..32].CopyTo(blob.AsSpan(VerifierOffset, 32));
            var associatedData = AssociatedData(blob.AsSpan(0, NonceOffset), reportId);
            Primitives.Encrypt(keys[32..], nonce, associatedData, contentKey.Bytes, blob.AsSpan(CiphertextOffset));
            return blob;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    private static bool TryDeriveAndCheck(ReadOnlySpan<byte> verifier, Receipt receipt, Guid reportId, Span<byte> keys)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (verifier.Length != Size || !Format.HasHeader(verifier, Format.KindReceipt)
            || !Argon2idCost.TryRead(verifier[CostOffset..], out var cost))
        {
            return false;
        }
        Derive(receipt, verifier.Slice(SaltOffset, Format.SaltSize), cost, reportId, keys);
        return CryptographicOperations.FixedTimeEquals(keys[..32], verifier.Slice(VerifierOffset, 32));
    }

    /// <summary>
    /// master = Argon2id(secret, salt, cost); verifier = HKDF(master, info = verifier label | report id);
    /// wrapping key = HKDF(master, info = wrap label | report id). <paramref name="keys"/> gets verifier | wrapping key.
    /// </summary>
    private static void Derive(Receipt receipt, ReadOnlySpan<byte> salt, Argon2idCost cost, Guid reportId,
        Span<byte> keys)
    {
        Span<byte> master = stackalloc byte[32];
        try
        {
            Primitives.Argon2id(receipt.Secret, salt, cost, master);
            var reportIdBytes = Format.ReportIdBytes(reportId);
            Primitives.Hkdf(master, ReadOnlySpan<byte>.Empty,
                Format.Concat(Format.ReceiptVerifierLabel.ToArray(), reportIdBytes), keys[..32]);
            Primitives.Hkdf(master, ReadOnlySpan<byte>.Empty,
                Format.Concat(Format.ReceiptWrapLabel.ToArray(), reportIdBytes), keys[32..64]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }

    /// <summary>AD: the first 59 bytes (header, cost, salt, verifier) | report id (16).</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> prefix, Guid reportId) =>
        Format.Concat(prefix.ToArray(), Format.ReportIdBytes(reportId));
}
