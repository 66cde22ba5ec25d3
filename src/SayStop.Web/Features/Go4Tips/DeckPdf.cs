using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

using SayStop.Web.Infrastructure.Pdf;

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

    private static PdfText.Fonts AddFonts(PdfDocumentBuilder builder) => PdfText.AddFonts(builder);

    /// <summary>Greedy word wrapping to a width in points (<see cref="PdfText.Wrap"/>).</summary>
    public static IReadOnlyList<string> Wrap(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width) =>
        PdfText.Wrap(page, text, size, font, width);

    /// <summary>The text with what the embedded font cannot draw replaced (<see cref="PdfText.Printable"/>).</summary>
    public static string Printable(string text) => PdfText.Printable(text);

    private static string Fit(PdfPageBuilder page, string text, double size, PdfDocumentBuilder.AddedFont font, double width) =>
        PdfText.Fit(page, text, size, font, width);

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

    private static void DrawCard(PdfPageBuilder page, PdfText.Fonts fonts, PdfPoint origin, string header, List<Block> blocks)
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

    private static List<(string Line, double Size, bool Bold, double Gap)> Layout(PdfPageBuilder page, PdfText.Fonts fonts, List<Block> blocks, double baseSize, double width)
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

}
