using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace SayStop.Web.Infrastructure.Pdf;

/// <summary>
/// Text in PDFs built with PdfPig 0.1.16's <see cref="PdfDocumentBuilder"/>, shared by the printable decks and the
/// police dossiers: Liberation Sans embedded from Infrastructure/Pdf/Fonts (metric-compatible with Helvetica, whose
/// standard-14 version PdfPig writes with the Adobe standard encoding: é prints as Ø, à and ç are refused), word
/// wrapping, and <see cref="Printable"/>, which replaces what the font cannot draw rather than failing the document.
/// </summary>
public static class PdfText
{
    public sealed record Fonts(PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold);

    private static readonly Lazy<(byte[] Regular, byte[] Bold)> FontFiles = new(() => (Resource("LiberationSans-Regular.ttf"), Resource("LiberationSans-Bold.ttf")));

    private static byte[] Resource(string name)
    {
        using var stream = typeof(PdfText).Assembly.GetManifestResourceStream("SayStop.Web.Infrastructure.Pdf.Fonts." + name)
            ?? throw new InvalidOperationException(name + " is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static Fonts AddFonts(PdfDocumentBuilder builder) =>
        new(builder.AddTrueTypeFont(FontFiles.Value.Regular), builder.AddTrueTypeFont(FontFiles.Value.Bold));


    /// <summary>Greedy word wrapping to a width in points; a word longer than a line is split where it must be.</summary>
    public static IReadOnlyList<string> Wrap(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Width(page, candidate, size, font) <= width)
                {
                    current.Clear().Append(candidate);
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                var rest = word;
                while (Width(page, rest, size, font) > width && rest.Length > 1)
                {
                    var take = rest.Length - 1;
                    while (take > 1 && Width(page, rest[..take], size, font) > width)
                    {
                        take--;
                    }

                    lines.Add(rest[..take]);
                    rest = rest[take..];
                }

                current.Append(rest);
            }

            if (current.Length > 0)
            {
                lines.Add(current.ToString());
            }
        }

        return lines;
    }

    public static string Fit(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width)
    {
        if (Width(page, text, size, font) <= width)
        {
            return text;
        }

        while (text.Length > 1 && Width(page, text + "…", size, font) > width)
        {
            text = text[..^1];
        }

        return text.TrimEnd() + "…";
    }

    public static double Width(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X;
    }

    /// <summary>
    /// The text with every character outside WinAnsi (or that the font cannot draw) replaced by a
    /// close equivalent: the narrow and other no-break spaces by a space, dashes and quotes by theirs in WinAnsi,
    /// letters with marks by the bare letter, anything else by "?". Control characters are dropped, tabs become spaces.
    /// </summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '\n')
            {
                sb.Append('\n');
            }
            else if (c == '\t' || c == '\r')
            {
                sb.Append(' ');
            }
            else if (IsDrawable(c))
            {
                sb.Append((char)c);
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator)
            {
                sb.Append(' ');
            }
            else if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark)
            {
                // Dropped: zero-width characters, stray combining marks, controls.
            }
            else
            {
                sb.Append(c switch
                {
                    0x2010 or 0x2011 or 0x2012 or 0x2212 => "-",
                    0x2015 => "—",
                    0x2032 or 0x02BC or 0x2035 => "'",
                    0x2033 or 0x201F => "\"",
                    0x201B => "'",
                    0x20AC => "EUR",
                    0x2122 => "TM",
                    0x2264 => "<=",
                    0x2265 => ">=",
                    0x2192 => "->",
                    0x2190 => "<-",
                    0x2713 or 0x2714 => "v",
                    _ => Fallback(rune),
                });
            }
        }

        return sb.ToString();
    }

    private static string Fallback(Rune rune)
    {
        var decomposed = rune.ToString().Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder();
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            kept.Append(IsDrawable(ch) ? ch : '?');
        }

        var result = kept.ToString();
        return result.Length == 0 || result.All(ch => ch == '?') ? "?" : result;
    }

    private static readonly int[] WinAnsiExtras =
    [
        0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D,
        0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178,
    ];

    /// <summary>
    /// The characters of WinAnsi that both embedded fonts draw, found once by asking PdfPig (which throws "the font
    /// does not contain a character" for the others); the others fall back rather than failing the document.
    /// </summary>
    private static readonly Lazy<FrozenSet<int>> Drawable = new(() =>
    {
        var set = new HashSet<int>();
        foreach (var c in Enumerable.Range(0x20, 0x5F).Concat(Enumerable.Range(0xA1, 0x5F)).Concat(WinAnsiExtras))
        {
            // A whole (tiny) document per character: PdfPig 0.1.16 fails only when it subsets the font in Build()
            // for some glyphs (the capitals with accents, made of components, such as É or Ï).
#pragma warning disable CA2000 // Build() completes the document; Dispose after a failed Build() would throw again.
            var builder = new PdfDocumentBuilder();
#pragma warning restore CA2000
            try
            {
                var fonts = AddFonts(builder);
                var page = builder.AddPage(PageSize.A4);
                var s = ((char)c).ToString();
                page.AddText(s, 10, new PdfPoint(10, 10), fonts.Regular);
                page.AddText(s, 10, new PdfPoint(10, 30), fonts.Bold);
                builder.Build();
                set.Add(c);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                // Not drawable with these fonts: Printable replaces it.
            }
        }

        return set.ToFrozenSet();
    });

    private static bool IsDrawable(int c) => c != 0xAD && Drawable.Value.Contains(c);
}
