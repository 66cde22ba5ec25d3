using System.Text.RegularExpressions;

namespace SayStop.Web.Infrastructure.Localization;

/// <summary>
/// French puts a space before <c>? ! ; :</c> and inside « », and that space must never break a line ("voyage" at
/// the end of one line and a lone "?" at the start of the next). The catalogue and editors type ordinary spaces;
/// this turns them into the no-break spaces of the Imprimerie nationale's rules: a narrow one (U+202F) before
/// <c>? ! ;</c> and inside guillemets, a full-width one (U+00A0) before the colon. Only a space that is already
/// there is changed, so a URL's "https:" or a time's "21:30" is left alone.
/// </summary>
public static partial class FrenchTypography
{
    private const char Narrow = '\u202F';
    private const char NoBreak = '\u00A0';

    public static string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = BeforeTallMark().Replace(text, Narrow + "$1");
        text = BeforeColon().Replace(text, NoBreak + ":");
        text = AfterOpeningGuillemet().Replace(text, "«" + Narrow);
        return BeforeClosingGuillemet().Replace(text, Narrow + "»");
    }

    /// <summary>Applies the rules when <paramref name="culture"/> is French; other languages keep their text.</summary>
    public static string For(string culture, string text) =>
        string.Equals(culture, "fr", StringComparison.Ordinal) ? Apply(text) : text;

    [GeneratedRegex(@"[ \u00A0]([?!;])")]
    private static partial Regex BeforeTallMark();

    [GeneratedRegex(@"[ \u202F]:")]
    private static partial Regex BeforeColon();

    [GeneratedRegex(@"«[ \u00A0]")]
    private static partial Regex AfterOpeningGuillemet();

    [GeneratedRegex(@"[ \u00A0]»")]
    private static partial Regex BeforeClosingGuillemet();
}
