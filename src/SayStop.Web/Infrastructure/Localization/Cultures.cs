using System.Globalization;

namespace SayStop.Web.Infrastructure.Localization;

/// <summary>The three languages of the site. The first one is the fallback for browsers that ask for none of them.</summary>
public static class Cultures
{
    public static readonly IReadOnlyList<string> All = ["fr", "nl", "en"];

    public const string Default = "en";

    public static bool IsSupported(string? culture) =>
        culture is not null && All.Contains(culture, StringComparer.Ordinal);

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var c && IsSupported(c)
        ? c
        : Default;

    /// <summary>Names of each language in itself, for the language switcher.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "fr" => "Français",
        "nl" => "Nederlands",
        "en" => "English",
        _ => culture,
    };

    /// <summary>Belgian formats: dates and amounts read as a Belgian visitor expects them.</summary>
    public static CultureInfo Specific(string culture) => culture switch
    {
        "fr" => CultureInfo.GetCultureInfo("fr-BE"),
        "nl" => CultureInfo.GetCultureInfo("nl-BE"),
        _ => CultureInfo.GetCultureInfo("en-BE"),
    };

    /// <summary>Picks the best supported language from an Accept-Language header (quality values honoured).</summary>
    public static string FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Default;
        }

        var best = (Culture: Default, Quality: -1.0);
        var order = 0;
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            order++;
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var tag = pieces[0];
            var quality = 1.0;
            foreach (var p in pieces.Skip(1))
            {
                if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(p.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
            }

            var language = tag.Split('-')[0].ToLowerInvariant();
            // Earlier entries win ties, as browsers list them in preference order.
            if (IsSupported(language) && quality > best.Quality && quality > 0)
            {
                best = (language, quality);
            }
        }

        return best.Culture;
    }

    /// <summary>Replaces (or adds) the culture segment of a site-local path.</summary>
    public static string SwitchPath(string path, string culture)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/" + culture;
        }

        var segments = path.TrimStart('/').Split('/', 2);
        return IsSupported(segments[0])
            ? "/" + culture + (segments.Length > 1 ? "/" + segments[1] : string.Empty)
            : "/" + culture + path;
    }
}
