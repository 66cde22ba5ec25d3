using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The decks as written by the NGO (Decks/*.json, embedded), loaded into the database when it has no deck yet.
/// After that the database is the source: editors change cards there, and a restart never overwrites them.
/// </summary>
public static class DeckContent
{
    public sealed record LocalizedText(string Fr, string Nl, string En)
    {
        public string In(string culture) => culture switch
        {
            "fr" => Fr,
            "nl" => Nl,
            _ => En,
        };
    }

    public sealed record ChoiceFile(bool Correct, LocalizedText Text, LocalizedText? Feedback);

    public sealed record CardFile(
        string Key,
        CardKind Kind,
        LocalizedText Prompt,
        LocalizedText? Answer,
        LocalizedText Explanation,
        List<ChoiceFile>? Choices,
        [property: JsonPropertyName("true")] bool? IsTrue);

    public sealed record DeckFile(string Key, int Position, LocalizedText Title, LocalizedText Description, List<CardFile> Cards);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Every embedded deck file, in deck order.</summary>
    public static IReadOnlyList<DeckFile> Load()
    {
        var assembly = typeof(DeckContent).Assembly;
        var decks = new List<DeckFile>();
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("SayStop.Web.Features.Go4Tips.Decks.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            decks.Add(JsonSerializer.Deserialize<DeckFile>(stream, JsonOptions) ?? throw new InvalidOperationException($"{name} is empty."));
        }

        return decks.OrderBy(d => d.Position).ToList();
    }

    /// <summary>The choices a card offers: those written in the file, or True and False for a true/false card.</summary>
    public static IReadOnlyList<ChoiceFile> ChoicesOf(CardFile card, Texts texts) =>
        card.Kind == CardKind.TrueFalse
            ?
            [
                new(card.IsTrue == true, Localized(texts, "Go4Tips.Card.True"), null),
                new(card.IsTrue == false, Localized(texts, "Go4Tips.Card.False"), null),
            ]
            : card.Choices ?? [];

    public static async Task SeedAsync(AppDbContext db, Texts texts, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Set<Deck>().AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in Load())
        {
            var deck = new Deck { Id = Guid.CreateVersion7(), Key = file.Key, Position = file.Position, CreatedAt = now };
            deck.Translations = Cultures.All.Select(c => new DeckTranslation
            {
                DeckId = deck.Id,
                Culture = c,
                Title = file.Title.In(c),
                Description = file.Description.In(c),
            }).ToList();
            var position = 0;
            foreach (var cf in file.Cards)
            {
                var card = new Card { Id = Guid.CreateVersion7(), DeckId = deck.Id, Key = cf.Key, Kind = cf.Kind, Position = ++position };
                card.Translations = Cultures.All.Select(c => new CardTranslation
                {
                    CardId = card.Id,
                    Culture = c,
                    Prompt = cf.Prompt.In(c),
                    Answer = cf.Answer?.In(c) ?? string.Empty,
                    Explanation = cf.Explanation.In(c),
                }).ToList();
                var choicePosition = 0;
                foreach (var ch in ChoicesOf(cf, texts))
                {
                    var choice = new CardChoice { Id = Guid.CreateVersion7(), CardId = card.Id, Position = ++choicePosition, IsCorrect = ch.Correct };
                    choice.Translations = Cultures.All.Select(c => new CardChoiceTranslation
                    {
                        ChoiceId = choice.Id,
                        Culture = c,
                        Text = ch.Text.In(c),
                        Feedback = ch.Feedback?.In(c) ?? string.Empty,
                    }).ToList();
                    card.Choices.Add(choice);
                }

                deck.Cards.Add(card);
            }

            db.Add(deck);
        }

        await db.SaveChangesAsync(ct);
    }

    private static LocalizedText Localized(Texts texts, string key) =>
        new(texts.In("fr", key), texts.In("nl", key), texts.In("en", key));
}
