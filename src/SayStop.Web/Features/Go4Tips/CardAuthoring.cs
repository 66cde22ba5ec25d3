using System.Text.RegularExpressions;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The rules an author's card must follow, shared by the card form and the CSV import so both accept and refuse
/// the same things: a stable key, a known kind, at least one language written, no markup, lengths within the
/// columns, choices with at least one right answer. A card missing a language is kept as a draft (hidden from
/// learners) until it is translated; the translation view lists what is missing.
/// </summary>
public static partial class CardAuthoring
{
    public const int MaxChoices = 6;

    public sealed class TextDraft
    {
        public string Prompt { get; set; } = string.Empty;

        public string Answer { get; set; } = string.Empty;

        public string Explanation { get; set; } = string.Empty;
    }

    public sealed class ChoiceDraft
    {
        public bool IsCorrect { get; set; }

        /// <summary>Culture → (text, feedback).</summary>
        public Dictionary<string, (string Text, string Feedback)> Texts { get; } = Cultures.All.ToDictionary(c => c, _ => (string.Empty, string.Empty));

        public bool IsEmpty => Texts.Values.All(t => t.Text.Length == 0 && t.Feedback.Length == 0);
    }

    public sealed class CardDraft
    {
        public string Key { get; set; } = string.Empty;

        public CardKind Kind { get; set; }

        public bool Retired { get; set; }

        /// <summary>For a true/false card: whether the statement is true.</summary>
        public bool? IsTrue { get; set; }

        public Dictionary<string, TextDraft> Texts { get; } = Cultures.All.ToDictionary(c => c, _ => new TextDraft());

        public List<ChoiceDraft> Choices { get; } = [];
    }

    /// <summary>A problem: the field it concerns (for the form), the text key and its arguments.</summary>
    public sealed record Problem(string Field, string TextKey, params object[] Args);

    /// <summary>The words used for kinds in forms and CSV files.</summary>
    public static readonly IReadOnlyDictionary<CardKind, string> KindNames = new Dictionary<CardKind, string>
    {
        [CardKind.QuestionAnswer] = "question",
        [CardKind.MultipleChoice] = "multiple-choice",
        [CardKind.TrueFalse] = "true-false",
        [CardKind.Scenario] = "scenario",
    };

    public static CardKind? KindOf(string? name) =>
        KindNames.FirstOrDefault(k => string.Equals(k.Value, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { Value: not null } hit ? hit.Key : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    // A tag as a browser would read it: "<b", "</", "<!--", "<?". "< 18 years" and "<3" stay plain text.
    [GeneratedRegex(@"<\s*[A-Za-z/!?]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkupPattern();

    public static bool IsKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    public static bool HasMarkup(string? text) => text is not null && MarkupPattern().IsMatch(text);

    /// <summary>Cleans every text of a draft in place (TextInput: NFC, no control characters, no bidi overrides).</summary>
    public static void Clean(CardDraft draft)
    {
        draft.Key = TextInput.Clean(draft.Key)?.ToLowerInvariant() ?? string.Empty;
        foreach (var t in draft.Texts.Values)
        {
            t.Prompt = TextInput.CleanMultiline(t.Prompt) ?? string.Empty;
            t.Answer = TextInput.CleanMultiline(t.Answer) ?? string.Empty;
            t.Explanation = TextInput.CleanMultiline(t.Explanation) ?? string.Empty;
        }

        foreach (var ch in draft.Choices)
        {
            foreach (var c in Cultures.All)
            {
                var (text, feedback) = ch.Texts[c];
                ch.Texts[c] = (TextInput.Clean(text) ?? string.Empty, TextInput.CleanMultiline(feedback) ?? string.Empty);
            }
        }
    }

    /// <summary>What is wrong with a cleaned draft (empty when it can be saved).</summary>
    public static List<Problem> Validate(CardDraft draft)
    {
        var problems = new List<Problem>();
        if (!IsKey(draft.Key))
        {
            problems.Add(new("Key", "Go4Tips.Author.KeyInvalid", Card.MaxKey));
        }

        if (draft.Texts.Values.All(t => t.Prompt.Length == 0))
        {
            problems.Add(new("Prompt", "Go4Tips.Author.PromptRequired"));
        }

        foreach (var (culture, t) in draft.Texts)
        {
            Check(problems, $"Prompt.{culture}", t.Prompt, CardTranslation.MaxPrompt);
            Check(problems, $"Answer.{culture}", t.Answer, CardTranslation.MaxAnswer);
            Check(problems, $"Explanation.{culture}", t.Explanation, CardTranslation.MaxExplanation);
        }

        switch (draft.Kind)
        {
            case CardKind.QuestionAnswer:
                if (draft.Choices.Any(c => !c.IsEmpty))
                {
                    problems.Add(new("Choices", "Go4Tips.Author.NoChoicesForQuestion"));
                }

                break;
            case CardKind.TrueFalse:
                if (draft.IsTrue is null)
                {
                    problems.Add(new("IsTrue", "Go4Tips.Author.TrueFalseRequired"));
                }

                break;
            default:
                var choices = draft.Choices.Where(c => !c.IsEmpty).ToList();
                if (choices.Count < 2 || choices.Count > MaxChoices)
                {
                    problems.Add(new("Choices", "Go4Tips.Author.ChoicesCount", 2, MaxChoices));
                }
                else if (!choices.Any(c => c.IsCorrect))
                {
                    problems.Add(new("Choices", "Go4Tips.Author.RightChoiceRequired"));
                }

                if (draft.Choices.Any(c => c.IsCorrect && c.IsEmpty))
                {
                    problems.Add(new("Choices", "Go4Tips.Author.RightChoiceEmpty"));
                }

                for (var i = 0; i < choices.Count; i++)
                {
                    foreach (var (culture, (text, feedback)) in choices[i].Texts)
                    {
                        Check(problems, $"Choice{i + 1}.{culture}", text, CardChoiceTranslation.MaxText);
                        Check(problems, $"Feedback{i + 1}.{culture}", feedback, CardChoiceTranslation.MaxFeedback);
                    }

                    if (choices[i].Texts.Values.All(t => t.Text.Length == 0))
                    {
                        problems.Add(new("Choices", "Go4Tips.Author.ChoiceTextRequired", i + 1));
                    }
                }

                break;
        }

        return problems;
    }

    /// <summary>The languages in which a draft lacks a text a learner needs.</summary>
    public static IReadOnlyList<string> MissingCultures(CardDraft draft) =>
        Cultures.All.Where(c =>
        {
            var t = draft.Texts[c];
            return t.Prompt.Length == 0 || t.Explanation.Length == 0
                || (draft.Kind == CardKind.QuestionAnswer && t.Answer.Length == 0)
                || (draft.Kind is CardKind.MultipleChoice or CardKind.Scenario && draft.Choices.Where(ch => !ch.IsEmpty).Any(ch => ch.Texts[c].Text.Length == 0));
        }).ToList();

    /// <summary>The draft of a stored card (its translations and choices loaded).</summary>
    public static CardDraft FromCard(Card card)
    {
        var draft = new CardDraft { Key = card.Key, Kind = card.Kind, Retired = card.RetiredAt is not null };
        foreach (var t in card.Translations.Where(t => draft.Texts.ContainsKey(t.Culture)))
        {
            draft.Texts[t.Culture] = new TextDraft { Prompt = t.Prompt, Answer = t.Answer, Explanation = t.Explanation };
        }

        if (card.Kind == CardKind.TrueFalse)
        {
            draft.IsTrue = card.Choices.OrderBy(c => c.Position).FirstOrDefault()?.IsCorrect;
            return draft;
        }

        foreach (var ch in card.Choices.OrderBy(c => c.Position))
        {
            var choice = new ChoiceDraft { IsCorrect = ch.IsCorrect };
            foreach (var t in ch.Translations.Where(t => choice.Texts.ContainsKey(t.Culture)))
            {
                choice.Texts[t.Culture] = (t.Text, t.Feedback);
            }

            draft.Choices.Add(choice);
        }

        return draft;
    }

    /// <summary>
    /// Writes a valid draft onto a card (translations and choices loaded), changing only what differs, and says
    /// whether anything changed. True/false cards get the True and False choices in the three languages.
    /// </summary>
    public static bool Apply(Card card, CardDraft draft, Texts texts, DateTime now)
    {
        var changed = false;
        void Set<T>(T current, T value, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                set(value);
                changed = true;
            }
        }

        Set(card.Key, draft.Key, v => card.Key = v);
        Set(card.Kind, draft.Kind, v => card.Kind = v);
        Set(card.RetiredAt is not null, draft.Retired, v => card.RetiredAt = v ? now : null);
        foreach (var culture in Cultures.All)
        {
            var d = draft.Texts[culture];
            var answer = draft.Kind == CardKind.QuestionAnswer ? d.Answer : string.Empty;
            var t = card.Translations.FirstOrDefault(t => t.Culture == culture);
            if (t is null)
            {
                card.Translations.Add(new CardTranslation { CardId = card.Id, Culture = culture, Prompt = d.Prompt, Answer = answer, Explanation = d.Explanation });
                changed = true;
                continue;
            }

            Set(t.Prompt, d.Prompt, v => t.Prompt = v);
            Set(t.Answer, answer, v => t.Answer = v);
            Set(t.Explanation, d.Explanation, v => t.Explanation = v);
        }

        var wanted = draft.Kind switch
        {
            CardKind.QuestionAnswer => [],
            CardKind.TrueFalse =>
            [
                TrueFalseChoice(texts, "Go4Tips.Card.True", draft.IsTrue == true),
                TrueFalseChoice(texts, "Go4Tips.Card.False", draft.IsTrue == false),
            ],
            _ => draft.Choices.Where(c => !c.IsEmpty).ToList(),
        };
        var existing = card.Choices.OrderBy(c => c.Position).ToList();
        for (var i = 0; i < wanted.Count; i++)
        {
            var choice = i < existing.Count ? existing[i] : null;
            if (choice is null)
            {
                choice = new CardChoice { Id = Guid.CreateVersion7(), CardId = card.Id, Position = i + 1 };
                card.Choices.Add(choice);
                changed = true;
            }

            Set(choice.IsCorrect, wanted[i].IsCorrect, v => choice.IsCorrect = v);
            foreach (var culture in Cultures.All)
            {
                var (text, feedback) = wanted[i].Texts[culture];
                var t = choice.Translations.FirstOrDefault(t => t.Culture == culture);
                if (t is null)
                {
                    choice.Translations.Add(new CardChoiceTranslation { ChoiceId = choice.Id, Culture = culture, Text = text, Feedback = feedback });
                    changed = true;
                    continue;
                }

                Set(t.Text, text, v => t.Text = v);
                Set(t.Feedback, feedback, v => t.Feedback = v);
            }
        }

        foreach (var extra in existing.Skip(wanted.Count))
        {
            card.Choices.Remove(extra);
            changed = true;
        }

        Set(card.IsHidden, draft.Retired || MissingCultures(draft).Count > 0, v => card.IsHidden = v);
        return changed;
    }

    private static ChoiceDraft TrueFalseChoice(Texts texts, string key, bool correct)
    {
        var choice = new ChoiceDraft { IsCorrect = correct };
        foreach (var c in Cultures.All)
        {
            choice.Texts[c] = (texts.In(c, key), string.Empty);
        }

        return choice;
    }

    private static void Check(List<Problem> problems, string field, string text, int max)
    {
        if (text.Length > max)
        {
            problems.Add(new(field, "Go4Tips.Author.TooLong", max));
        }
        else if (HasMarkup(text))
        {
            problems.Add(new(field, "Go4Tips.Author.NoMarkup"));
        }
    }
}
