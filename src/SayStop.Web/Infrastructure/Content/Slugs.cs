using System.Globalization;
using System.Text;

namespace SayStop.Web.Infrastructure.Content;

/// <summary>Readable URL parts: "Pâques à Bruxelles !" becomes "paques-a-bruxelles".</summary>
public static class Slugs
{
    /// <summary>The longest slug any feature stores (news posts, campaigns, events share it).</summary>
    public const int MaxLength = 80;

    public static string FromTitle(string title)
    {
        var normalized = (title ?? string.Empty).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        var dash = false;
        foreach (var ch in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(ch);
            if (char.IsAsciiLetterOrDigit(lower))
            {
                sb.Append(lower);
                dash = false;
            }
            else if (Ligature(lower) is { } spelled)
            {
                sb.Append(spelled);
                dash = false;
            }
            else if (!dash && sb.Length > 0)
            {
                sb.Append('-');
                dash = true;
            }

            if (sb.Length >= MaxLength)
            {
                break;
            }
        }

        return sb.ToString().Trim('-');
    }

    /// <summary>
    /// Letters that Unicode does not decompose into a base letter and an accent: "l'œil" must read "l-oeil", not
    /// "l-il". Spelled the way French, Dutch, German and the Nordic languages write them in plain ASCII.
    /// </summary>
    private static string? Ligature(char lower) => lower switch
    {
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ø' => "o",
        'đ' or 'ð' => "d",
        'ł' => "l",
        'þ' => "th",
        'ı' => "i",
        'ĳ' => "ij",
        _ => null,
    };

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= MaxLength
        && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !slug.StartsWith('-') && !slug.EndsWith('-')
        // Never one of the names a feature routes beside its slugs (feeds, the staff pages under /manage).
        && slug is not ("feed.rss" or "feed.atom" or "manage");
}
