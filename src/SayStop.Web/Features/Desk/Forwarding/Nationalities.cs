using System.Globalization;
using System.Text;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// Reads the country out of a nationality the reporter typed freely ("Belgian", "belge", "Belg", "BE",
/// "Belgique"…): an ISO code, a country's name in French, Dutch or English, or a common demonym. Unknown text gives
/// nothing (no guess); several nationalities ("Belgian / French") give each.
/// </summary>
public static class Nationalities
{
    // Demonyms that do not start like the country's name in any of our languages, or are too short to match by stem.
    private static readonly Dictionary<string, string> Demonyms = new(StringComparer.Ordinal)
    {
        ["dutch"] = "NL", ["neerlandais"] = "NL", ["neerlandaise"] = "NL", ["nederlands"] = "NL", ["nederlandse"] = "NL", ["nederlander"] = "NL", ["hollandais"] = "NL",
        ["swiss"] = "CH", ["suisse"] = "CH", ["zwitsers"] = "CH", ["zwitserse"] = "CH",
        ["german"] = "DE", ["allemand"] = "DE", ["allemande"] = "DE", ["duits"] = "DE", ["duitse"] = "DE", ["duitser"] = "DE",
        ["british"] = "GB", ["britannique"] = "GB", ["brits"] = "GB", ["britse"] = "GB", ["english"] = "GB", ["anglais"] = "GB", ["engels"] = "GB",
        ["french"] = "FR", ["francais"] = "FR", ["francaise"] = "FR", ["frans"] = "FR", ["franse"] = "FR", ["fransman"] = "FR",
        ["american"] = "US", ["americain"] = "US", ["americaine"] = "US", ["amerikaans"] = "US", ["amerikaanse"] = "US",
        ["spanish"] = "ES", ["espagnol"] = "ES", ["espagnole"] = "ES", ["spaans"] = "ES", ["spaanse"] = "ES",
        ["luxembourgish"] = "LU", ["luxembourgeois"] = "LU", ["luxembourgeoise"] = "LU", ["luxemburgs"] = "LU", ["luxemburgse"] = "LU",
    };

    public static IReadOnlyList<string> Countries(string? nationality)
    {
        var found = new List<string>();
        if (string.IsNullOrWhiteSpace(nationality) || nationality.Length > 200)
        {
            return found;
        }

        foreach (var part in nationality.Split([',', '/', ';', '&', '+', '(', ')'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Match(part) is { } code && !found.Contains(code))
            {
                found.Add(code);
            }
        }

        return found;
    }

    private static string? Match(string text)
    {
        if (text.Length == 2 && text.All(char.IsAsciiLetterUpper) && Reports.Countries.IsKnown(text) && text != Reports.Countries.Other)
        {
            return text;
        }

        var word = Normalize(text);
        if (word.Length < 4)
        {
            return null;
        }

        if (Demonyms.TryGetValue(word, out var demonym))
        {
            return demonym;
        }

        // "belgian", "belge", "belg" against "belgique", "belgie", "belgium": the same first four letters, and only one
        // country matching ("austr…" is Austria and Australia: no guess).
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, fr, nl, en) in Reports.Countries.Names())
        {
            foreach (var name in new[] { fr, nl, en }.Select(Normalize))
            {
                if (name == word)
                {
                    return code;
                }

                if (name.Length >= 4 && string.CompareOrdinal(name, 0, word, 0, 4) == 0)
                {
                    candidates.Add(code);
                }
            }
        }

        return candidates.Count == 1 ? candidates.First() : null;
    }

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetter(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }
}
