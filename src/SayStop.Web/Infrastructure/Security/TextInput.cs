using System.Text;

namespace SayStop.Web.Infrastructure.Security;

/// <summary>
/// Normalises what people type before it is stored: Unicode NFC, no control characters, and no
/// bidirectional overrides (which can make a text read differently from what it contains), no replacement
/// characters left by invalid UTF-8.
/// Markup is not removed here: it is stored as text and encoded on output.
/// </summary>
public static class TextInput
{
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var ch in value.Normalize(NormalizationForm.FormC))
        {
            if (IsDropped(ch) || ch is '\r' or '\n' or '\t')
            {
                sb.Append(ch is '\r' or '\n' or '\t' ? ' ' : string.Empty);
                continue;
            }

            sb.Append(ch);
        }

        return sb.ToString().Trim();
    }

    /// <summary>Like <see cref="Clean"/> but keeps line breaks (as \n) and tabs, for long texts.</summary>
    public static string? CleanMultiline(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var ch in value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Normalize(NormalizationForm.FormC))
        {
            if (ch is '\n' or '\t' || !IsDropped(ch))
            {
                sb.Append(ch);
            }
        }

        return sb.ToString().Trim();
    }

    // U+FFFD is what invalid UTF-8 decodes to: it carries nothing the person meant to say.
    private static bool IsDropped(char ch) =>
        char.IsControl(ch) || ch == '\uFFFD'
        || ch is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u061C';
}
