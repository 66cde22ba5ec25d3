using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Features.Desk;

/// <summary>The kinds of detail the desk's blind index links reports by (stored as numbers; never renumber).</summary>
public enum IndexKind
{
    /// <summary>Country + town + name of the place.</summary>
    Place = 1,

    /// <summary>The name of the place alone (for searching by a place name typed without its town).</summary>
    PlaceName = 2,

    SuspectName = 3,
    Plate = 4,
    Flight = 5,

    /// <summary>The day of the facts; reports within three days match through the neighbouring days' tokens.</summary>
    Day = 6,
}

/// <summary>
/// Turns answers (and what a handler types in the search box) into the normalised values the blind index tokens
/// are computed from, so the same detail written differently gives the same token: accents, case, punctuation and
/// spacing do not count; a name's word order does not count; a plate is its letters and digits; a flight is its
/// airline code and number without leading zeros. Plain text rules, no key: the key only comes in at
/// <see cref="SayStop.Sealing.BlindIndex.Token"/>.
/// </summary>
public static partial class IndexTerms
{
    /// <summary>Dates within this many days of each other count as close.</summary>
    public const int CloseDays = 3;

    private const int MaxValueLength = 200;

    /// <summary>Every (kind, value) a report's answers give; empty answers give nothing.</summary>
    public static IReadOnlyList<(IndexKind Kind, string Value)> FromAnswers(ReportAnswers answers)
    {
        var terms = new List<(IndexKind, string)>();
        var placeName = Words(answers.PlaceName);
        if (placeName.Length > 0)
        {
            terms.Add((IndexKind.Place, $"{answers.Country}|{Words(answers.City)}|{placeName}"));
            terms.Add((IndexKind.PlaceName, placeName));
        }

        if (Name(answers.Suspect?.Name) is { } name)
        {
            terms.Add((IndexKind.SuspectName, name));
        }

        foreach (var plate in PlatesIn(answers.Suspect?.Vehicle))
        {
            terms.Add((IndexKind.Plate, plate));
        }

        foreach (var flight in FlightsIn(answers.Suspect?.Travel))
        {
            terms.Add((IndexKind.Flight, flight));
        }

        if (answers.OnDate is { } day)
        {
            terms.Add((IndexKind.Day, Day(day)));
        }

        return terms.Distinct().ToList();
    }

    /// <summary>What a typed search term could be: a name, a place name, a plate, a flight (each when it can be one).</summary>
    public static IReadOnlyList<(IndexKind Kind, string Value)> FromSearch(string term)
    {
        var terms = new List<(IndexKind, string)>();
        if (Name(term) is { } name)
        {
            terms.Add((IndexKind.SuspectName, name));
        }

        var words = Words(term);
        if (words.Length > 0)
        {
            terms.Add((IndexKind.PlaceName, words));
        }

        if (Plate(term) is { } plate)
        {
            terms.Add((IndexKind.Plate, plate));
        }

        if (Flight(term, typedAlone: true) is { } flight)
        {
            terms.Add((IndexKind.Flight, flight));
        }

        return terms.Distinct().ToList();
    }

    /// <summary>The seven day values from three days before to three days after.</summary>
    public static IReadOnlyList<string> CloseDaysOf(DateOnly day) =>
        Enumerable.Range(-CloseDays, 2 * CloseDays + 1).Select(d => Day(day.AddDays(d))).ToList();

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Lower case, accents and punctuation dropped, one space between words.</summary>
    public static string Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, MaxValueLength));
        var space = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormKD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                space = false;
                sb.Append(char.ToLowerInvariant(ch));
                if (sb.Length >= MaxValueLength)
                {
                    break;
                }
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>A name's words in a fixed order, so "Dupont Jean" and "jean DUPONT" are one name; null when too short.</summary>
    public static string? Name(string? text)
    {
        var words = Words(text);
        if (words.Length < 2)
        {
            return null;
        }

        return string.Join(' ', words.Split(' ').Order(StringComparer.Ordinal));
    }

    /// <summary>A typed plate: its letters and digits in upper case, when it has both and 4 to 10 of them.</summary>
    public static string? Plate(string? text)
    {
        var compact = Words(text).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return IsPlate(compact) ? compact : null;
    }

    /// <summary>
    /// The plates a free text ("white Toyota, 1-ABC-234") may hold: each word with letters and digits, and runs of
    /// two or three short pieces written apart ("ABC 123"), 4 to 10 letters and digits in all. A false candidate
    /// only ever matches the same characters in another report.
    /// </summary>
    public static IReadOnlyList<string> PlatesIn(string? text)
    {
        var pieces = Words(text).ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var plates = new List<string>();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (IsPlate(pieces[i]))
            {
                plates.Add(pieces[i]);
            }

            var joined = pieces[i];
            for (var j = i + 1; j < Math.Min(pieces.Length, i + 3) && pieces[j - 1].Length <= 4 && pieces[j].Length <= 4; j++)
            {
                joined += pieces[j];
                if (IsPlate(joined))
                {
                    plates.Add(joined);
                }
            }
        }

        return plates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The flight numbers in a free text: an airline code (two characters, at least one a letter) and 1 to 4 digits,
    /// "SN 123", "sn0123", "TK-1935". In running text a code apart from its number must be written in capitals, so
    /// "on 12 May" is not flight ON12.
    /// </summary>
    public static IReadOnlyList<string> FlightsIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var flights = new List<string>();
        foreach (Match m in FlightPattern().Matches(text.Length > 1000 ? text[..1000] : text))
        {
            if (Flight(m.Value, typedAlone: false) is { } flight)
            {
                flights.Add(flight);
            }
        }

        return flights.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? Flight(string? text, bool typedAlone)
    {
        if (text is null || text.Length > 40)
        {
            return null;
        }

        var m = FlightPattern().Match(text.Trim());
        if (!m.Success || (typedAlone && m.Length != text.Trim().Length))
        {
            return null;
        }

        var code = m.Groups["code"].Value;
        var apart = m.Groups["sep"].Length > 0;
        if (!typedAlone && apart && code.Any(char.IsAsciiLetterLower))
        {
            return null;
        }

        var number = m.Groups["number"].Value.TrimStart('0');
        return number.Length == 0 ? null : code.ToUpperInvariant() + number;
    }

    private static bool IsPlate(string compact) =>
        compact.Length is >= 4 and <= 10 && compact.Any(char.IsAsciiDigit) && compact.Any(char.IsLetter) && compact.All(char.IsLetterOrDigit);

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<code>[A-Za-z][A-Za-z0-9]|[0-9][A-Za-z])(?<sep>[ \-]?)(?<number>[0-9]{1,4})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex FlightPattern();
}
