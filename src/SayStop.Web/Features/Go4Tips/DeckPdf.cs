using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A deck laid out for printing and cutting: A4 pages of 2×4 cards with thin borders, each page of fronts followed
/// by the page of the matching backs, mirrored left to right so that a duplex print (long-edge flip) puts every
/// answer behind its question. The font is Liberation Sans (metric-compatible with Helvetica), embedded from
/// Fonts/: PdfPig 0.1.16 writes its standard-14 Helvetica with the Adobe standard encoding, which prints é as Ø
/// and refuses à, ç, ï. Characters outside WinAnsi (Latin-1 and the usual quotes and dashes) are replaced by a
/// close equivalent (<see cref="Printable"/>) rather than failing the document.
/// </summary>
public static class DeckPdf
{
    public sealed record PrintChoice(string Text, bool IsCorrect);

    public sealed record PrintCard(CardKind Kind, string Prompt, string Answer, string Explanation, IReadOnlyList<PrintChoice> Choices);

    /// <summary>The words printed around the cards, in the deck's language.</summary>
    public sealed record Labels(string Answer, string Explanation, IReadOnlyDictionary<CardKind, string> Kinds);

    public const int Columns = 2;
    public const int Rows = 4;
    public const int CardsPerPage = Columns * Rows;

    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double MarginX = 22;
    private const double MarginY = 24;
    private const double CardWidth = (PageWidth - (2 * MarginX)) / Columns;
    private const double CardHeight = (PageHeight - (2 * MarginY)) / Rows;
    private const double Padding = 12;
    private const double HeaderSize = 7;

    /// <summary>Pages in the document: a front and a back page for every eight cards.</summary>
    public static int PageCount(int cards) => 2 * Math.Max(1, (cards + CardsPerPage - 1) / CardsPerPage);

    public static byte[] Render(string deckTitle, IReadOnlyList<PrintCard> cards, Labels labels)
    {
        // Not disposed: Build() completes the document, and a Dispose after a failed Build() would hide its error.
#pragma warning disable CA2000
        var builder = new PdfDocumentBuilder();
#pragma warning restore CA2000
        var fonts = AddFonts(builder);
        var title = Printable(deckTitle);
        var sheets = Math.Max(1, (cards.Count + CardsPerPage - 1) / CardsPerPage);
        for (var sheet = 0; sheet < sheets; sheet++)
        {
            var onSheet = cards.Skip(sheet * CardsPerPage).Take(CardsPerPage).ToList();
            var front = builder.AddPage(PageSize.A4);
            var back = builder.AddPage(PageSize.A4);
            for (var i = 0; i < onSheet.Count; i++)
            {
                var card = onSheet[i];
                var number = (sheet * CardsPerPage) + i + 1;
                var row = i / Columns;
                var column = i % Columns;
                var header = string.Create(CultureInfo.InvariantCulture, $"{title} · {number}/{cards.Count}");
                DrawCard(front, fonts, Origin(row, column), header + " · " + Printable(labels.Kinds.GetValueOrDefault(card.Kind, string.Empty)), FrontBlocks(card));
                DrawCard(back, fonts, Origin(row, Columns - 1 - column), header + " · " + Printable(labels.Answer), BackBlocks(card, labels));
            }
        }

        return builder.Build();
    }

    /// <summary>The bottom-left corner of the card at a row (0 = top) and column (0 = left).</summary>
    private static PdfPoint Origin(int row, int column) =>
        new(MarginX + (column * CardWidth), PageHeight - MarginY - ((row + 1) * CardHeight));

    private sealed record Fonts(PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold);

    private static readonly Lazy<(byte[] Regular, byte[] Bold)> FontFiles = new(() => (Resource("LiberationSans-Regular.ttf"), Resource("LiberationSans-Bold.ttf")));

    private static byte[] Resource(string name)
    {
        using var stream = typeof(DeckPdf).Assembly.GetManifestResourceStream("SayStop.Web.Features.Go4Tips.Fonts." + name)
            ?? throw new InvalidOperationException(name + " is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Fonts AddFonts(PdfDocumentBuilder builder) =>
        new(builder.AddTrueTypeFont(FontFiles.Value.Regular), builder.AddTrueTypeFont(FontFiles.Value.Bold));

    /// <summary>A paragraph: text, bold or not, and its size relative to the card's base size.</summary>
    private sealed record Block(string Text, bool Bold, double Scale);

    private static List<Block> FrontBlocks(PrintCard card)
    {
        var blocks = new List<Block> { new(card.Prompt, true, 1.1) };
        var letter = 'A';
        foreach (var choice in card.Choices)
        {
            blocks.Add(new Block(card.Kind == CardKind.TrueFalse ? "[ ] " + choice.Text : $"{letter}. {choice.Text}", false, 1));
            letter++;
        }

        return blocks;
    }

    private static List<Block> BackBlocks(PrintCard card, Labels labels)
    {
        var blocks = new List<Block>();
        if (card.Choices.Count > 0)
        {
            var letter = 'A';
            foreach (var choice in card.Choices)
            {
                if (choice.IsCorrect)
                {
                    blocks.Add(new Block(card.Kind == CardKind.TrueFalse ? choice.Text : $"{letter}. {choice.Text}", true, 1.1));
                }

                letter++;
            }
        }

        if (card.Answer.Length > 0)
        {
            blocks.Add(new Block(card.Answer, true, 1.1));
        }

        if (card.Explanation.Length > 0)
        {
            blocks.Add(new Block(labels.Explanation + " " + card.Explanation, false, 1));
        }

        return blocks;
    }

    private static void DrawCard(PdfPageBuilder page, Fonts fonts, PdfPoint origin, string header, List<Block> blocks)
    {
        page.SetStrokeColor(170, 170, 170);
        page.DrawRectangle(origin, CardWidth, CardHeight, 0.4);
        page.ResetColor();

        var left = origin.X + Padding;
        var width = CardWidth - (2 * Padding);
        var top = origin.Y + CardHeight - Padding;
        page.SetTextAndFillColor(110, 110, 110);
        page.AddText(Fit(page, header, HeaderSize, fonts.Regular, width), HeaderSize, new PdfPoint(left, top - HeaderSize), fonts.Regular);
        page.ResetColor();

        var available = CardHeight - (2 * Padding) - HeaderSize - 8;
        var textTop = top - HeaderSize - 8;

        // The largest size at which every paragraph fits the card; below 6 pt the last lines are cut with an ellipsis.
        List<(string Line, double Size, bool Bold, double Gap)> lines = [];
        foreach (var size in new[] { 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6 })
        {
            lines = Layout(page, fonts, blocks, size, width);
            if (lines.Sum(l => l.Gap + (l.Size * 1.25)) <= available)
            {
                break;
            }
        }

        var y = textTop;
        foreach (var (line, size, isBold, gap) in lines)
        {
            y -= gap + (size * 1.25);
            if (y < origin.Y + Padding)
            {
                break;
            }

            page.AddText(line, size, new PdfPoint(left, y + (size * 0.25)), isBold ? fonts.Bold : fonts.Regular);
        }
    }

    private static List<(string Line, double Size, bool Bold, double Gap)> Layout(PdfPageBuilder page, Fonts fonts, List<Block> blocks, double baseSize, double width)
    {
        var lines = new List<(string, double, bool, double)>();
        var first = true;
        foreach (var block in blocks)
        {
            var size = baseSize * block.Scale;
            var font = block.Bold ? fonts.Bold : fonts.Regular;
            var gap = first ? 0 : baseSize * 0.6;
            foreach (var line in Wrap(page, Printable(block.Text), size, font, width))
            {
                lines.Add((line, size, block.Bold, gap));
                gap = 0;
            }

            first = false;
        }

        return lines;
    }

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

    private static string Fit(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width)
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

    private static double Width(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font)
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
