using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>The printable decks: every card's question and answer is in the PDF's text, fronts and backs paired.</summary>
public abstract class DeckPdfTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    /// <summary>Text compared without any whitespace, since long texts wrap over several lines.</summary>
    private static string Squeeze(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (!char.IsWhiteSpace(ch))
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    private static string TextOf(byte[] pdf, out int pages)
    {
        using var doc = PdfDocument.Open(pdf);
        pages = doc.NumberOfPages;
        return string.Concat(doc.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value))));
    }

    [Theory]
    [InlineData("travellers", "en")]
    [InlineData("travellers", "fr")]
    [InlineData("travellers", "nl")]
    [InlineData("professionals", "en")]
    [InlineData("young-people-online", "fr")]
    [InlineData("myths-and-facts", "nl")]
    public async Task TheDeckPdf_HasEveryCardsQuestionAndAnswer(string deck, string culture)
    {
        App.Require();
        var response = await App.Client().GetAsync($"/{culture}/go4tips/{deck}/cards.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var text = Squeeze(TextOf(await response.Content.ReadAsByteArrayAsync(), out var pages));

        var file = DeckContent.Load().Single(d => d.Key == deck);
        Assert.Equal(DeckPdf.PageCount(file.Cards.Count), pages);
        var texts = new Texts(Microsoft.Extensions.Logging.Abstractions.NullLogger<Texts>.Instance);
        foreach (var card in file.Cards)
        {
            Assert.Contains(Squeeze(DeckPdf.Printable(card.Prompt.In(culture))), text);
            var answers = card.Kind == CardKind.QuestionAnswer
                ? [card.Answer!.In(culture)]
                : DeckContent.ChoicesOf(card, texts).Where(c => c.Correct).Select(c => c.Text.In(culture)).ToList();
            Assert.NotEmpty(answers);
            foreach (var answer in answers)
            {
                Assert.Contains(Squeeze(DeckPdf.Printable(answer)), text);
            }

            Assert.Contains(Squeeze(DeckPdf.Printable(card.Explanation.In(culture))), text);
        }
    }

    [Fact]
    public async Task TheDeckPdf_IsRevalidatedWithItsETag()
    {
        App.Require();
        var client = App.Client();
        var first = await client.GetAsync("/fr/go4tips/travellers/cards.pdf");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.Contains("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/fr/go4tips/travellers/cards.pdf");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var english = await client.GetAsync("/en/go4tips/travellers/cards.pdf");
        Assert.NotEqual(etag, english.Headers.ETag);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/fr/go4tips/travellers/cards.pdf");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Theory]
    [InlineData("/en/go4tips/no-such-deck/cards.pdf")]
    [InlineData("/en/go4tips/%3Cscript%3E/cards.pdf")]
    public async Task UnknownDecks_HaveNoPdf(string url)
    {
        App.Require();
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task TheDecksPage_LinksToEachPdf()
    {
        App.Require();
        var doc = await App.Client().GetDocumentAsync("/nl/go4tips");
        foreach (var deck in DeckContent.Load())
        {
            Assert.NotNull(doc.QuerySelector($"a[href='/nl/go4tips/{deck.Key}/cards.pdf']"));
        }
    }
}

public sealed class DeckPdfSqliteTests(SqliteApp app) : DeckPdfTests(app), IClassFixture<SqliteApp>;

public sealed class DeckPdfPostgresTests(PostgresApp app) : DeckPdfTests(app), IClassFixture<PostgresApp>;

/// <summary>The layout on its own: characters outside WinAnsi, long words, many cards.</summary>
public sealed class DeckPdfLayoutTests
{
    private static readonly DeckPdf.Labels Labels = new("Answer", "Why:", new Dictionary<CardKind, string>
    {
        [CardKind.QuestionAnswer] = "Question",
        [CardKind.MultipleChoice] = "Multiple choice",
        [CardKind.TrueFalse] = "True or false?",
        [CardKind.Scenario] = "What would you do?",
    });

    [Fact]
    public void FrenchAndDutchCharacters_Render_AndOthersAreReplaced()
    {
        const string prompt = "« Où est l’enfant ? » – déjà vu… é è ç ë ï Œ œ € naïef\u202Fgeüpdatet";
        var cards = new List<DeckPdf.PrintCard>
        {
            new(CardKind.QuestionAnswer, prompt, "Zoë ‑ Ω 日本 ő <script>alert(1)</script>", "Supercalifragilisticexpialidocious" + new string('x', 300), []),
        };
        var pdf = DeckPdf.Render("Deck ✓", cards, Labels);
        using var doc = PdfDocument.Open(pdf);
        Assert.Equal(2, doc.NumberOfPages);
        var front = string.Concat(doc.GetPage(1).Letters.Select(l => l.Value));
        var back = string.Concat(doc.GetPage(2).Letters.Select(l => l.Value));
        Assert.Contains("«Oùestl’enfant?»–déjàvu…éèçëïŒœ€naïefgeüpdatet", front.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Zoë-???o<script>alert(1)</script>", back.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(new string('x', 100), back, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(8, 2)]
    [InlineData(9, 4)]
    [InlineData(17, 6)]
    public void EveryEightCards_MakeAFrontAndABackPage(int count, int pages)
    {
        var cards = Enumerable.Range(1, count).Select(i => new DeckPdf.PrintCard(CardKind.TrueFalse, $"Card {i}", string.Empty, "Because.",
            [new("True", i % 2 == 0), new("False", i % 2 == 1)])).ToList();
        using var doc = PdfDocument.Open(DeckPdf.Render("Deck", cards, Labels));
        Assert.Equal(pages, doc.NumberOfPages);
        Assert.Equal(pages, DeckPdf.PageCount(count));
    }

    [Fact]
    public void TheBacks_AreMirrored()
    {
        var cards = new List<DeckPdf.PrintCard>
        {
            new(CardKind.QuestionAnswer, "LeftFront", "LeftBack", string.Empty, []),
            new(CardKind.QuestionAnswer, "RightFront", "RightBack", string.Empty, []),
        };
        using var doc = PdfDocument.Open(DeckPdf.Render("Deck", cards, Labels));
        double XOf(int page, string word) => doc.GetPage(page).GetWords().First(w => w.Text.Contains(word, StringComparison.Ordinal)).BoundingBox.Left;
        Assert.True(XOf(1, "LeftFront") < XOf(1, "RightFront"));
        Assert.True(XOf(2, "LeftBack") > XOf(2, "RightBack"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u00A0b\u202Fc", "a b c")]
    [InlineData("x\u200By\u00ADz", "xyz")]
    [InlineData("\u2011\u2212", "--")]
    [InlineData("ąćő", "aco")]
    [InlineData("« é è ë ’ – … »", "« é è ë ’ – … »")]
    [InlineData("日", "?")]
    [InlineData("Étudier, Ïle", "Etudier, Ile")]
    public void Printable_ReplacesWhatHelveticaCannotShow(string input, string expected) =>
        Assert.Equal(expected, DeckPdf.Printable(input));
}
