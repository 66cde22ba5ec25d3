namespace SayStop.Web.Features.Reports;

/// <summary>
/// A report's short case reference ("K7QM-3XZA"), for handlers to quote and search: the last 40 bits of the report id
/// (random bits of a version 7 GUID) in Crockford base32. It is not a secret and opens nothing; it says nothing of
/// the receipt (its locator and secret are drawn separately) nor of the time of day (the id's time part is the
/// day's start). Two reports may share a reference (about 1 chance in 200 among 100,000): a search shows both.
/// </summary>
public static class CaseReference
{
    public const int Length = 8;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string For(Guid reportId)
    {
        Span<byte> bytes = stackalloc byte[16];
        reportId.TryWriteBytes(bytes, bigEndian: true, out _);
        ulong bits = 0;
        for (var i = 11; i < 16; i++)
        {
            bits = (bits << 8) | bytes[i];
        }

        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }

    /// <summary>The reference as shown: two groups of four.</summary>
    public static string Display(string reference) =>
        reference.Length == Length ? string.Concat(reference.AsSpan(0, 4), "-", reference.AsSpan(4)) : reference;

    /// <summary>
    /// A typed reference in stored form, or null when the text cannot be one: dashes and spaces dropped, case
    /// ignored, O read as 0 and I, L as 1 (as for receipts).
    /// </summary>
    public static string? Parse(string? typed)
    {
        if (typed is null || typed.Length > 20)
        {
            return null;
        }

        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var ch in typed)
        {
            if (ch is ' ' or '-')
            {
                continue;
            }

            var c = char.ToUpperInvariant(ch) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (n == Length || !Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            chars[n++] = c;
        }

        return n == Length ? new string(chars) : null;
    }
}
