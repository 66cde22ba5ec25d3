using System.Text;

namespace SayStop.Sealing;

/// <summary>
/// Crockford's base32 (https://www.crockford.com/base32.html): digits and letters without I, L, O, U; decoding
/// is case-insensitive and reads O as 0 and I, L as 1. Bits are packed big-endian; only whole 5-bit groups are used
/// here (every encoded length is a multiple of 5 bytes).
/// </summary>
internal static class CrockfordBase32
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 5 != 0)
        {
            throw new ArgumentException("Length must be a multiple of 5 bytes.", nameof(bytes));
        }
        var chars = new char[bytes.Length / 5 * 8];
        var c = 0;
        for (var i = 0; i < bytes.Length; i += 5)
        {
            ulong block = 0;
            for (var j = 0; j < 5; j++)
            {
                block = (block << 8) | bytes[i + j];
            }
            for (var j = 7; j >= 0; j--)
            {
                chars[c + j] = Alphabet[(int)(block & 31)];
                block >>= 5;
            }
            c += 8;
        }
        return new string(chars);
    }

    /// <summary>
    /// Reduces human input to canonical symbols: drops whitespace and dashes (including the typographic dashes that
    /// phones substitute), upper-cases, maps O to 0 and I, L to 1. Returns null on any other character.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212')
            {
                continue;
            }
            var upper = char.ToUpperInvariant(ch);
            upper = upper switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                _ => upper,
            };
            if (Alphabet.IndexOf(upper, StringComparison.Ordinal) < 0)
            {
                return null;
            }
            builder.Append(upper);
        }
        return builder.ToString();
    }

    /// <summary>Decodes canonical symbols (as from <see cref="Normalize"/>); the length must be a multiple of 8.</summary>
    public static bool TryDecode(string canonical, Span<byte> destination)
    {
        if (canonical.Length % 8 != 0 || destination.Length != canonical.Length / 8 * 5)
        {
            return false;
        }
        var d = 0;
        for (var i = 0; i < canonical.Length; i += 8)
        {
            ulong block = 0;
            for (var j = 0; j < 8; j++)
            {
                var value = Alphabet.IndexOf(canonical[i + j], StringComparison.Ordinal);
                if (value < 0)
                {
                    return false;
                }
                block = (block << 5) | (uint)value;
            }
            for (var j = 4; j >= 0; j--)
            {
                destination[d + j] = (byte)(block & 0xFF);
                block >>= 8;
            }
            d += 5;
        }
        return true;
    }

    /// <summary>Groups symbols by <paramref name="size"/> with dashes, for reading aloud and copying by hand.</summary>
    public static string Group(string canonical, int size)
    {
        var builder = new StringBuilder(canonical.Length + (canonical.Length / size));
        for (var i = 0; i < canonical.Length; i += size)
        {
            if (i > 0)
            {
                builder.Append('-');
            }
            builder.Append(canonical.AsSpan(i, Math.Min(size, canonical.Length - i)));
        }
        return builder.ToString();
    }
}
