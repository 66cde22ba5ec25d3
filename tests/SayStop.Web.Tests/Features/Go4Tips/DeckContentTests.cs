using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>The embedded decks: four audiences, enough cards, every text in the three languages, a right answer on every choice card.</summary>
public sealed class DeckContentTests
{
    private static readonly IReadOnlyList<DeckContent.DeckFile> Decks = DeckContent.Load();

    [Fact]
    public void TheFourDecks_EachHaveAtLeastFifteenCards_OfEveryKind()
    {
        Assert.Equal(["travellers", "professionals", "young-people-online", "myths-and-facts"], Decks.Select(d => d.Key));
        foreach (var deck in Decks)
        {
            Assert.True(deck.Cards.Count >= 15, $"{deck.Key} has {deck.Cards.Count} cards");
            Assert.Equal(deck.Cards.Count, deck.Cards.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count());
            foreach (var kind in Enum.GetValues<CardKind>())
            {
                Assert.True(deck.Cards.Any(c => c.Kind == kind), $"{deck.Key} has no {kind} card");
            }

            // The quiz draws ten auto-graded cards from a deck.
            Assert.True(deck.Cards.Count(c => c.Kind != CardKind.QuestionAnswer) >= Quiz.Length, $"{deck.Key}: too few cards for a quiz");
        }
    }

    [Fact]
    public void EveryText_ExistsInFrenchDutchAndEnglish()
    {
        var texts = new Texts(NullLogger<Texts>.Instance);
        var checkedTexts = 0;
        foreach (var deck in Decks)
        {
            Require(deck.Title, $"{deck.Key} title");
            Require(deck.Description, $"{deck.Key} description");
            foreach (var card in deck.Cards)
            {
                var where = $"{deck.Key}/{card.Key}";
                Require(card.Prompt, where + " prompt");
                Require(card.Explanation, where + " explanation");
                if (card.Kind == CardKind.QuestionAnswer)
                {
                    Assert.True(card.Answer is not null, where + " has no answer");
                    Require(card.Answer!, where + " answer");
                }

                foreach (var choice in DeckContent.ChoicesOf(card, texts))
                {
                    Require(choice.Text, where + " choice");
                    if (choice.Feedback is not null)
                    {
                        Require(choice.Feedback, where + " choice feedback");
                    }
                }
            }
        }

        Assert.True(checkedTexts > 64 * 3 * 3, $"only {checkedTexts} texts checked");

        void Require(DeckContent.LocalizedText text, string what)
        {
            foreach (var culture in Cultures.All)
            {
                Assert.False(string.IsNullOrWhiteSpace(text.In(culture)), $"{what} has no {culture} text");
                checkedTexts++;
            }

            // A forgotten translation often shows up as the same sentence in two languages.
            Assert.True(text.Fr != text.En || text.Fr.Length < 20, $"{what}: French and English are identical");
            Assert.True(text.Nl != text.En || text.Nl.Length < 20, $"{what}: Dutch and English are identical");
        }
    }

    [Fact]
    public void ChoiceCards_HaveExactlyOneRightAnswer_AndQuestionCardsNone()
    {
        var texts = new Texts(NullLogger<Texts>.Instance);
        foreach (var card in Decks.SelectMany(d => d.Cards))
        {
            var choices = DeckContent.ChoicesOf(card, texts);
            if (card.Kind == CardKind.QuestionAnswer)
            {
                Assert.Empty(choices);
                continue;
            }

            Assert.True(choices.Count >= 2, $"{card.Key} offers {choices.Count} choices");
            Assert.True(choices.Count(c => c.Correct) == 1, $"{card.Key} has {choices.Count(c => c.Correct)} right answers");
            if (card.Kind == CardKind.TrueFalse)
            {
                Assert.NotNull(card.IsTrue);
            }

            if (card.Kind == CardKind.Scenario)
            {
                // A scenario explains every reaction, not only the right one.
                Assert.All(choices, c => Assert.NotNull(c.Feedback));
            }
        }
    }

    [Fact]
    public void Scenarios_TeachTheEmergencyNumber_AndNeverToInterveneOrInvestigate()
    {
        var english = Decks.SelectMany(d => d.Cards).Where(c => c.Kind == CardKind.Scenario)
            .Select(c => string.Join(' ', new[] { c.Prompt.En, c.Explanation.En }.Concat(c.Choices!.SelectMany(ch => new[] { ch.Text.En, ch.Feedback?.En ?? string.Empty }))))
            .ToList();
        Assert.Contains(english, s => s.Contains("emergency number", StringComparison.Ordinal));
        Assert.Contains(english, s => s.Contains("Never intervene physically", StringComparison.Ordinal));
        Assert.Contains(english, s => s.Contains("investigate yourself", StringComparison.Ordinal));
        Assert.Contains(english, s => s.Contains("who, where, when and what", StringComparison.Ordinal));
    }
}
