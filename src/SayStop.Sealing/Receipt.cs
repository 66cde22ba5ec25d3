using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// The code a reporter keeps to come back: made by the server, 24 Crockford base32 symbols shown as six groups of
/// four (<c>ABCD-EFGH-JKMN-PQRS-TVWX-YZ01</c>). The first 8 symbols are the public <see cref="Locator"/> (40 bits,
/// finds the report row; stored in clear, must be unique); the last 16 are the secret (80 bits from the CSPRNG),
/// only ever stored as an Argon2id-derived <see cref="ReceiptVerifier"/> with a per-report salt.
/// <see cref="ToString"/> hides the secret; use <see cref="ToDisplayString"/> to show the receipt once.
/// </summary>
public sealed class Receipt
{
    /// <summary>Bits of secret entropy (the locator is not counted: it is stored in clear).</summary>
    public const int SecretBits = SecretBytes * 8;

    internal const int LocatorBytes = 5;
    internal const int SecretBytes = 10;
    internal const int LocatorSymbols = 8;
    internal const int Symbols = 24;

    private readonly byte[] _secret;

    private Receipt(string locator, byte[] secret)
    {
        Locator = locator;
        _secret = secret;
    }

    /// <summary>The public part, 8 canonical symbols without dash (e.g. <c>ABCDEFGH</c>); the lookup key.</summary>
    public string Locator { get; }

    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>Makes a new receipt from the CSPRNG.</summary>
    public static Receipt Create()
    {
        Span<byte> random = stackalloc byte[LocatorBytes + SecretBytes];
        RandomNumberGenerator.Fill(random);
        try
        {
            return FromBytes(random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>Deterministic core: 5 locator bytes then 10 secret bytes.</summary>
    internal static Receipt FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != LocatorBytes + SecretBytes)
        {
            throw new ArgumentException("A receipt is 15 bytes.", nameof(bytes));
        }
        return new Receipt(CrockfordBase32.Encode(bytes[..LocatorBytes]), bytes[LocatorBytes..].ToArray());
    }

    /// <summary>
    /// Parses what a reporter typed: case, spaces and dashes do not matter, O reads as 0 and I, L as 1.
    /// False when it is not 24 valid symbols.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Receipt? receipt)
    {
        receipt = null;
        var canonical = CrockfordBase32.Normalize(text);
        if (canonical is null || canonical.Length != Symbols)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[LocatorBytes + SecretBytes];
        try
        {
            if (!CrockfordBase32.TryDecode(canonical, bytes))
            {
                return false;
            }
            receipt = FromBytes(bytes);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Reads only the locator from typed input (8 symbols, same tolerance as <see cref="TryParse"/>), e.g. for a
    /// form that asks for the two parts separately.
    /// </summary>
    public static bool TryParseLocator(string? text, [NotNullWhen(true)] out string? locator)
    {
        var canonical = CrockfordBase32.Normalize(text);
        locator = canonical is { Length: LocatorSymbols } ? canonical : null;
        return locator is not null;
    }

    /// <summary>The full receipt for the reporter, e.g. <c>ABCD-EFGH-JKMN-PQRS-TVWX-YZ01</c>. Show once; never log.</summary>
    public string ToDisplayString()
    {
        var bytes = new byte[LocatorBytes + SecretBytes];
        try
        {
            CrockfordBase32.TryDecode(Locator, bytes.AsSpan(0, LocatorBytes));
            _secret.CopyTo(bytes, LocatorBytes);
            return CrockfordBase32.Group(CrockfordBase32.Encode(bytes), 4);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Only the locator; the secret is masked so that a receipt written to a log reveals nothing.</summary>
    public override string ToString() => $"{Locator[..4]}-{Locator[4..]}-****-****-****-****";
}
