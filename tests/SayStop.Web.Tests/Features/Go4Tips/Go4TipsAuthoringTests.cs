using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Tests.Infrastructure;
using SayStop.Web.Tests.Infrastructure.Localization;
using Card = SayStop.Web.Features.Go4Tips.Card;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>
/// Go4Tips authoring (decks, cards, translations, CSV) through the staff pages, and the learners' sign-in by an
/// emailed link with the merge of two devices' progress, on each database.
/// </summary>
public abstract partial class Go4TipsAuthoringTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    private static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 9)];

    private async Task<HttpClient> AuthorAsync(string role = StaffRoles.Editor, string culture = "en")
    {
        App.Require();
        return await App.SignInAsync(await App.CreateStaffAsync(role), culture);
    }

    private static Guid IdFromLocation(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(GuidPattern().Match(response.Headers.Location!.ToString()).Value);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    private static async Task<Guid> CreateDeckAsync(HttpClient author, string key, bool allLanguages = true)
    {
        var fields = new Dictionary<string, string>
        {
            ["Key"] = key,
            ["Texts[0].Title"] = "Jeu d'essai", ["Texts[0].Description"] = "Pour les tests",
            ["Texts[1].Title"] = allLanguages ? "Testset" : string.Empty, ["Texts[1].Description"] = string.Empty,
            ["Texts[2].Title"] = "Test deck", ["Texts[2].Description"] = "For tests",
        };
        return IdFromLocation(await author.SubmitAsync("/en/go4tips/manage/decks", fields, "#new-deck"));
    }

    private static Dictionary<string, string> CardFields(string kind, string? key = null, bool withDutch = true) => new()
    {
        ["Form.Key"] = key ?? string.Empty,
        ["Form.Kind"] = kind,
        ["Form.Texts[0].Prompt"] = "Que faire si un enfant semble en danger immédiat ?",
        ["Form.Texts[0].Answer"] = "Appeler le 112.",
        ["Form.Texts[0].Explanation"] = "Le 112 envoie de l'aide tout de suite.",
        ["Form.Texts[1].Prompt"] = withDutch ? "Wat doe je als een kind in direct gevaar lijkt?" : string.Empty,
        ["Form.Texts[1].Answer"] = withDutch ? "Bel 112." : string.Empty,
        ["Form.Texts[1].Explanation"] = withDutch ? "112 stuurt meteen hulp." : string.Empty,
        ["Form.Texts[2].Prompt"] = "What do you do if a child seems in immediate danger?",
        ["Form.Texts[2].Answer"] = "Call 112.",
        ["Form.Texts[2].Explanation"] = "112 sends help at once.",
    };

    private static void AddChoice(Dictionary<string, string> fields, int n, bool correct, string text, string feedback = "")
    {
        if (correct)
        {
            fields[$"Form.Choices[{n}].Correct"] = "true";
        }

        for (var i = 0; i < 3; i++)
        {
            fields[$"Form.Choices[{n}].Text[{i}]"] = $"{text} ({i})";
            fields[$"Form.Choices[{n}].Feedback[{i}]"] = feedback.Length == 0 ? string.Empty : $"{feedback} ({i})";
        }
    }

    private async Task<Card> CardAsync(Guid id)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Card>().AsNoTracking().Include(c => c.Translations).Include(c => c.Choices).ThenInclude(ch => ch.Translations)
            .AsSplitQuery().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task AnEditor_CreatesADeck_AndCardsOfEveryKind_TranslatesThem_AndRetiresOne_KeepingTheLearnersHistory()
    {
        var editor = await AuthorAsync(StaffRoles.Editor, "fr");

        // A refused form says why in the visitor's language, with the 400 status, and keeps what was typed.
        var refused = await editor.SubmitAsync("/fr/go4tips/manage/decks", new Dictionary<string, string>
        {
            ["Key"] = "Pas Bon!", ["Texts[0].Title"] = string.Empty, ["Texts[1].Title"] = string.Empty, ["Texts[2].Title"] = string.Empty,
            ["Texts[0].Description"] = "Ma description gardée",
        }, "#new-deck");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedDoc = await refused.DocumentAsync();
        Assert.Contains("L'identifiant doit compter", refusedDoc.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Donnez un titre au jeu", refusedDoc.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ma description gardée", refusedDoc.QuerySelector("#deck-description-fr")?.TextContent);
        Assert.Equal("pas bon!", (refusedDoc.QuerySelector("#deck-key") as IHtmlInputElement)?.Value);

        var deckKey = Unique("authoring");
        var deckId = await CreateDeckAsync(editor, deckKey);
        var taken = await editor.SubmitAsync("/en/go4tips/manage/decks", new Dictionary<string, string> { ["Key"] = deckKey, ["Texts[2].Title"] = "Again" }, "#new-deck");
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("This key is already used", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var newCardUrl = $"/en/go4tips/manage/cards?deck={deckId}";

        // A question card written in French and English only: a draft, kept from learners, flagged in the translation view.
        var question = IdFromLocation(await editor.SubmitAsync(newCardUrl, CardFields("question", withDutch: false), "#card-form"));
        var stored = await CardAsync(question);
        Assert.True(stored.IsHidden);
        Assert.StartsWith("what-do-you-do-if-a-child", stored.Key, StringComparison.Ordinal);
        Assert.Null((await App.Client().GetDocumentAsync("/en/go4tips")).QuerySelector($"#deck-{deckKey}"));
        var translations = await editor.GetDocumentAsync($"/en/go4tips/manage/decks/{deckId}/translations");
        Assert.Equal(3, translations.QuerySelectorAll("td.missing[lang='nl']").Length);
        Assert.Empty(translations.QuerySelectorAll("td.missing[lang='fr']"));
        Assert.Contains("Missing translations: 3", translations.QuerySelector("#missing-count")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Que faire si un enfant semble en danger immédiat ?", translations.QuerySelectorAll($"#card-{stored.Key} ~ tr td[lang='fr']")[0].TextContent);

        // Translated into Dutch on the card page: now shown to learners.
        var edited = await editor.SubmitAsync($"/en/go4tips/manage/cards/{question}", new Dictionary<string, string>
        {
            ["Form.Texts[1].Prompt"] = "Wat doe je als een kind in direct gevaar lijkt?",
            ["Form.Texts[1].Answer"] = "Bel 112.",
            ["Form.Texts[1].Explanation"] = "112 stuurt meteen hulp.",
        }, "#card-form");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        stored = await CardAsync(question);
        Assert.False(stored.IsHidden);
        Assert.Equal("Bel 112.", stored.Translations.Single(t => t.Culture == "nl").Answer);
        Assert.Empty((await editor.GetDocumentAsync($"/en/go4tips/manage/decks/{deckId}/translations")).QuerySelectorAll("td.missing"));

        // A multiple-choice card without a right answer is refused; nothing typed is lost.
        var noRight = CardFields("multiple-choice", "no-right");
        AddChoice(noRight, 0, false, "Filmer la scène");
        AddChoice(noRight, 1, false, "Ne rien faire");
        var refusedCard = await editor.SubmitAsync(newCardUrl, noRight, "#card-form");
        Assert.Equal(HttpStatusCode.BadRequest, refusedCard.StatusCode);
        var refusedCardDoc = await refusedCard.DocumentAsync();
        Assert.Contains("Mark at least one choice as right.", refusedCardDoc.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Filmer la scène (0)", (refusedCardDoc.QuerySelector("#choice-0-fr") as IHtmlInputElement)?.Value);
        Assert.Equal("no-right", (refusedCardDoc.QuerySelector("#card-key") as IHtmlInputElement)?.Value);

        // Markup is refused with a message, never stored.
        var markup = CardFields("question", "markup");
        markup["Form.Texts[2].Prompt"] = "<script>alert(1)</script>";
        var markupRefused = await editor.SubmitAsync(newCardUrl, markup, "#card-form");
        Assert.Equal(HttpStatusCode.BadRequest, markupRefused.StatusCode);
        Assert.Contains("tags such as &lt;b&gt; are not allowed", await markupRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Every other kind: multiple choice (two right choices), true/false, scenario with feedback per choice.
        var mc = CardFields("multiple-choice", "mc");
        AddChoice(mc, 0, true, "Noter qui, où, quand");
        AddChoice(mc, 1, false, "Enquêter soi-même");
        AddChoice(mc, 2, true, "Signaler");
        var mcId = IdFromLocation(await editor.SubmitAsync(newCardUrl, mc, "#card-form"));
        var tf = CardFields("true-false", "tf");
        tf["Form.IsTrue"] = "false";
        var tfId = IdFromLocation(await editor.SubmitAsync(newCardUrl, tf, "#card-form"));
        var scenario = CardFields("scenario", "scenario");
        AddChoice(scenario, 0, false, "Intervenir physiquement", "Non : vous vous mettez en danger");
        AddChoice(scenario, 1, true, "Appeler le 112", "Oui : l'enfant est en danger maintenant");
        var scenarioId = IdFromLocation(await editor.SubmitAsync(newCardUrl, scenario, "#card-form"));
        var mcCard = await CardAsync(mcId);
        Assert.Equal(CardKind.MultipleChoice, mcCard.Kind);
        Assert.Equal([true, false, true], mcCard.Choices.OrderBy(c => c.Position).Select(c => c.IsCorrect));
        var tfCard = await CardAsync(tfId);
        Assert.Equal(["Vrai", "Faux"], tfCard.Choices.OrderBy(c => c.Position).Select(c => c.Translations.Single(t => t.Culture == "fr").Text));
        Assert.Equal([false, true], tfCard.Choices.OrderBy(c => c.Position).Select(c => c.IsCorrect));
        var scenarioCard = await CardAsync(scenarioId);
        Assert.Equal("Oui : l'enfant est en danger maintenant (0)", scenarioCard.Choices.Single(c => c.IsCorrect).Translations.Single(t => t.Culture == "fr").Feedback);
        Assert.All(new[] { mcCard, tfCard, scenarioCard }, c => Assert.False(c.IsHidden));

        // A learner studies the question card, which is then retired: their review and state stay, the card no longer comes.
        var learner = App.Client();
        var studyUrl = $"/en/go4tips/{deckKey}/study";
        var first = await learner.GetDocumentAsync(studyUrl);
        Assert.Equal(question.ToString(), first.QuerySelector("#card")?.GetAttribute("data-card"));
        var revealed = await learner.GetDocumentAsync($"{studyUrl}?reveal={question}");
        Assert.Equal(HttpStatusCode.Redirect, (await learner.SubmitAsync(revealed, studyUrl, new Dictionary<string, string> { ["grade"] = "1" }, "form.grade-form")).StatusCode);
        var retire = await editor.SubmitAsync($"/en/go4tips/manage/cards/{question}", new Dictionary<string, string>(), "#retire-form");
        Assert.Equal(HttpStatusCode.Redirect, retire.StatusCode);
        Assert.NotNull((await CardAsync(question)).RetiredAt);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await learner.GetDocumentAsync(studyUrl);
        Assert.NotEqual(question.ToString(), after.QuerySelector("#card")?.GetAttribute("data-card"));
        Assert.NotNull(after.QuerySelector("#card"));
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(await db.Set<Review>().AnyAsync(r => r.CardId == question));
            Assert.True(await db.Set<LearnerCard>().AnyAsync(c => c.CardId == question));
            var actions = await db.Set<AuditEntry>().Where(a => a.Target == question.ToString() || a.Target == deckId.ToString()).Select(a => a.Action).ToListAsync();
            Assert.Contains("go4tips.deck-created", actions);
            Assert.Contains("go4tips.card-created", actions);
            Assert.Contains("go4tips.card-edited", actions);
            Assert.Contains("go4tips.card-retired", actions);
        }

        var deckPage = await editor.GetDocumentAsync($"/en/go4tips/manage/decks/{deckId}");
        Assert.Equal("Retired", deckPage.QuerySelector($"#card-{stored.Key} .status")?.TextContent.Trim());
        var restore = await editor.SubmitAsync($"/en/go4tips/manage/cards/{question}", new Dictionary<string, string>(), "#retire-form");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Null((await CardAsync(question)).RetiredAt);

        // A trainer may author too; other staff roles and anonymous visitors may not.
        var trainer = await AuthorAsync(StaffRoles.Trainer);
        Assert.Equal(HttpStatusCode.OK, (await trainer.GetAsync($"/en/go4tips/manage/decks/{deckId}/translations")).StatusCode);
        foreach (var role in new[] { StaffRoles.Administrator, StaffRoles.CaseHandler, StaffRoles.Finance })
        {
            var other = await AuthorAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/en/go4tips/manage/decks")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/en/go4tips/manage/cards/{question}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await App.Client().GetAsync($"/en/go4tips/manage/decks/{deckId}")).StatusCode);
    }

    [Fact]
    public async Task AnEditedCard_ReachesLearnersAtOnce_ThoughCardsAreKeptInMemory()
    {
        var editor = await AuthorAsync();
        var deckKey = Unique("fresh");
        var deckId = await CreateDeckAsync(editor, deckKey);
        var card = IdFromLocation(await editor.SubmitAsync($"/en/go4tips/manage/cards?deck={deckId}", CardFields("question"), "#card-form"));

        // The learner's first look loads the card into the memory of PublishedContent…
        var learner = App.Client();
        var studyUrl = $"/en/go4tips/{deckKey}/study";
        var before = await learner.GetDocumentAsync(studyUrl);
        Assert.Equal("What do you do if a child seems in immediate danger?", before.QuerySelector("#card .prompt")?.TextContent);

        // …and an edit saved on this node clears it: the next look shows the new text, and the deck's new title.
        var edited = await editor.SubmitAsync($"/en/go4tips/manage/cards/{card}", new Dictionary<string, string>
        {
            ["Form.Texts[2].Prompt"] = "A child seems in immediate danger: what do you do?",
        }, "#card-form");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var after = await learner.GetDocumentAsync(studyUrl);
        Assert.Equal("A child seems in immediate danger: what do you do?", after.QuerySelector("#card .prompt")?.TextContent);

        // A retired card leaves the deck's card count at once too (the deck summary is cached the same way).
        var retire = await editor.SubmitAsync($"/en/go4tips/manage/cards/{card}", new Dictionary<string, string>(), "#retire-form");
        Assert.Equal(HttpStatusCode.Redirect, retire.StatusCode);
        await using var scope = App.Scope();
        var session = scope.ServiceProvider.GetRequiredService<StudySession>();
        Assert.Equal(0, (await session.DeckAsync(deckKey, "en", CancellationToken.None))?.CardCount);
    }

    private static async Task<byte[]> ExportAsync(HttpClient author, Guid deckId)
    {
        var response = await author.GetAsync($"/en/go4tips/manage/decks/{deckId}?handler=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient author, Guid deckId, byte[] file, string culture = "en") =>
        await author.SubmitAsync($"/{culture}/go4tips/manage/decks/{deckId}", new Dictionary<string, string>(), "#import",
            new Dictionary<string, (byte[], string, string)> { ["file"] = (file, "deck.csv", "text/csv") });

    private async Task<Guid> DeckIdAsync(string key)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Deck>().Where(d => d.Key == key).Select(d => d.Id).SingleAsync();
    }

    private async Task<int> CardCountAsync(Guid deckId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Card>().CountAsync(c => c.DeckId == deckId);
    }

    [Fact]
    public async Task Csv_ExportedAndImportedBack_ChangesNothing_AndAnEditedFileUpdatesAndAdds()
    {
        var author = await AuthorAsync(StaffRoles.Trainer);
        var travellers = await ExportAsync(author, await DeckIdAsync("travellers"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, travellers[..3]);
        var text = Encoding.UTF8.GetString(travellers, 3, travellers.Length - 3);
        Assert.StartsWith(string.Join(',', DeckCsv.Columns) + "\r\n", text, StringComparison.Ordinal);

        // The NGO's deck, imported into a new deck, then exported again: the same bytes.
        var copyId = await CreateDeckAsync(author, Unique("csv"));
        var imported = await ImportAsync(author, copyId, travellers);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var cards = DeckContent.Load().Single(d => d.Key == "travellers").Cards.Count;
        Assert.Contains($"added={cards}&updated=0&unchanged=0", imported.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(travellers, await ExportAsync(author, copyId));

        // Imported back: nothing changes.
        var again = await ImportAsync(author, copyId, travellers);
        Assert.Contains($"added=0&updated=0&unchanged={cards}", again.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await author.GetDocumentAsync(again.Headers.Location!.ToString());
        Assert.Contains($"0 card(s) added, 0 updated, {cards} unchanged", page.QuerySelector("#message")?.TextContent, StringComparison.Ordinal);

        // Edited in a spreadsheet: one prompt changed, a new card whose texts start like formulas.
        var lines = text.Split("\r\n").ToList();
        var columns = DeckCsv.Columns.Count;
        var row = new string[columns];
        Array.Fill(row, string.Empty);
        void Set(string column, string value) => row[DeckCsv.Columns.ToList().IndexOf(column)] = value;
        Set("key", "formula-card");
        Set("kind", "true-false");
        Set("correct", "true");
        foreach (var c in new[] { "fr", "nl", "en" })
        {
            Set($"prompt_{c}", "=HYPERLINK(\"http://evil.example\",\"click\")");
            Set($"explanation_{c}", "-1 is not a formula, @here neither");
        }

        lines.Insert(lines.Count - 1, string.Join(',', row.Select(v => v.Contains(',', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v)));
        var edited = string.Join("\r\n", lines);
        var travellersCopy = await CardAsync(await FirstCardAsync(copyId));
        var oldPrompt = travellersCopy.Translations.Single(t => t.Culture == "en").Prompt;
        edited = edited.Replace(Quote(oldPrompt), Quote(oldPrompt + " (edited)"), StringComparison.Ordinal);
        var result = await ImportAsync(author, copyId, Encoding.UTF8.GetBytes(edited));
        Assert.Contains("added=1&updated=1&unchanged=", result.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(oldPrompt + " (edited)", (await CardAsync(travellersCopy.Id)).Translations.Single(t => t.Culture == "en").Prompt);

        // On export, cells a spreadsheet would run are prefixed with an apostrophe; imported back, they are texts again.
        var exported = Encoding.UTF8.GetString(await ExportAsync(author, copyId));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", exported, StringComparison.Ordinal);
        Assert.Contains("\"'-1 is not a formula, @here neither\"", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", exported, StringComparison.Ordinal);
        var roundTrip = await ImportAsync(author, copyId, Encoding.UTF8.GetBytes(exported));
        Assert.Contains("added=0&updated=0&unchanged=", roundTrip.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var formula = await db.Set<Card>().Include(c => c.Translations).SingleAsync(c => c.DeckId == copyId && c.Key == "formula-card");
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"click\")", formula.Translations.Single(t => t.Culture == "nl").Prompt);
        Assert.Equal("''=x", DeckCsv.Neutralise("'=x"));
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;

    private async Task<Guid> FirstCardAsync(Guid deckId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Card>().Where(c => c.DeckId == deckId)
            .OrderBy(c => c.Position).Select(c => c.Id).FirstAsync();
    }

    [Fact]
    public async Task Csv_HostileFiles_GetAClearMessageInTheVisitorsLanguage_AndChangeNothing()
    {
        var author = await AuthorAsync(StaffRoles.Editor, "fr");
        var deckId = await CreateDeckAsync(author, Unique("hostile"));
        var header = string.Join(',', DeckCsv.Columns);
        string Row(string key, string kind, string correct, string prompt, params string[] choices)
        {
            var row = new string[DeckCsv.Columns.Count];
            Array.Fill(row, string.Empty);
            var names = DeckCsv.Columns.ToList();
            row[names.IndexOf("key")] = key;
            row[names.IndexOf("kind")] = kind;
            row[names.IndexOf("correct")] = correct;
            foreach (var c in new[] { "fr", "nl", "en" })
            {
                row[names.IndexOf($"prompt_{c}")] = prompt;
                row[names.IndexOf($"answer_{c}")] = kind == "question" ? "Réponse" : string.Empty;
                row[names.IndexOf($"explanation_{c}")] = "Parce que.";
                for (var i = 0; i < choices.Length; i++)
                {
                    row[names.IndexOf($"choice{i + 1}_{c}")] = choices[i];
                }
            }

            return string.Join(',', row);
        }

        var good = Row("good", "question", string.Empty, "Une bonne question ?");
        var cases = new List<(string Name, byte[] File, string Message)>
        {
            ("markup", Utf8($"{header}\r\n{good}\r\n{Row("markup", "question", string.Empty, "<img src=x onerror=alert(1)>")}\r\n"), "Ligne 3 : prompt_fr: Écrivez du texte simple"),
            ("unknown kind", Utf8($"{header}\r\n{Row("essay", "essay", string.Empty, "Question ?")}\r\n"), "Ligne 2 : type « essay » inconnu"),
            ("no right answer", Utf8($"{header}\r\n{good}\r\n{Row("mc", "multiple-choice", string.Empty, "Laquelle ?", "A", "B")}\r\n"), "Ligne 3 : Indiquez au moins un choix juste."),
            ("bad correct", Utf8($"{header}\r\n{Row("mc", "multiple-choice", "9", "Laquelle ?", "A", "B")}\r\n"), "la colonne correct contient"),
            ("true-false without answer", Utf8($"{header}\r\n{Row("tf", "true-false", "peut-être", "Vrai ?")}\r\n"), "Indiquez si l'affirmation est vraie ou fausse."),
            ("wrong columns", Utf8("key,kind,question,answer\r\na,question,b,c\r\n"), "La première ligne doit nommer les colonnes"),
            ("wrong cell count", Utf8($"{header}\r\n{good}\r\na,question,b\r\n"), "Ligne 3 : 3 cellules alors que la première ligne en a"),
            ("bad key", Utf8($"{header}\r\n{Row("Pas une clé", "question", string.Empty, "Question ?")}\r\n"), "L'identifiant doit compter"),
            ("duplicate key", Utf8($"{header}\r\n{good}\r\n{good}\r\n"), "l'identifiant good figure sur plusieurs lignes"),
            ("invalid UTF-8", [.. Encoding.UTF8.GetBytes(header + "\r\ngood,question,,,"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\r\n")], "n'est pas en UTF-8"),
            ("binary", [.. Encoding.UTF8.GetBytes(header + "\r\n"), 0x00, 0x01, 0x02], "n'est pas un fichier CSV texte"),
            ("huge", Utf8(header + "\r\n" + new string('x', DeckCsv.MaxBytes + 10)), "trop volumineux"),
            ("empty", [], "Choisissez un fichier CSV."),
            ("header only", Utf8(header + "\r\n"), "ne contient aucune carte"),
            ("unterminated quote", Utf8($"{header}\r\n\"good,question"), "n'a pas pu être lu comme CSV"),
        };
        var before = await CardCountAsync(deckId);
        foreach (var (name, file, message) in cases)
        {
            var response = await ImportAsync(author, deckId, file, "fr");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            var errors = (await response.DocumentAsync()).QuerySelector("#import-errors")?.TextContent.WithPlainSpaces() ?? string.Empty;
            Assert.True(errors.Contains(message, StringComparison.Ordinal), $"{name}: {errors}");
            Assert.Contains("Rien n'a été importé", errors, StringComparison.Ordinal);
            Assert.Equal(before, await CardCountAsync(deckId));
        }

        // Control characters are cleaned like any typed text (TextInput), never stored.
        var bell = await ImportAsync(author, deckId, Utf8($"{header}\r\n{Row("bell", "question", string.Empty, "Une\u0007 question\u202E ?")}\r\n"), "fr");
        Assert.Equal(HttpStatusCode.Redirect, bell.StatusCode);
        Assert.Equal("Une question ?", (await CardAsync(await FirstCardAsync(deckId))).Translations.Single(t => t.Culture == "fr").Prompt);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // ---- Sign-in by an emailed link ----

    private async Task<(HttpClient Client, Guid Learner)> NewLearnerAsync()
    {
        App.Require();
        var client = App.Client();
        var first = await client.GetAsync("/en/go4tips/myths-and-facts/study");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        return (client, LearnerOf(first));
    }

    private Guid LearnerOf(HttpResponseMessage response)
    {
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(LearnerProfile.CookieName + "=", StringComparison.Ordinal));
        var value = Uri.UnescapeDataString(setCookie.Split(';')[0][(LearnerProfile.CookieName.Length + 1)..]);
        var protector = App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Go4Tips.Learner.v1");
        return Guid.Parse(protector.Unprotect(value));
    }

    /// <summary>Answers the card the study page shows (grade for a question card; right or wrong choice otherwise).</summary>
    private async Task<Guid> StudyOneAsync(HttpClient client, int grade, bool right)
    {
        const string url = "/en/go4tips/myths-and-facts/study";
        var doc = await client.GetDocumentAsync(url);
        var article = doc.QuerySelector("#card") ?? throw new InvalidOperationException("no card to study");
        var cardId = Guid.Parse(article.GetAttribute("data-card")!);
        HttpResponseMessage response;
        if (Enum.Parse<CardKind>(article.GetAttribute("data-card-kind")!) == CardKind.QuestionAnswer)
        {
            var revealed = await client.GetDocumentAsync($"{url}?reveal={cardId}");
            response = await client.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = grade.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form.grade-form");
        }
        else
        {
            await using var scope = App.Scope();
            var position = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<CardChoice>()
                .Where(c => c.CardId == cardId && c.IsCorrect == right).OrderBy(c => c.Position).Select(c => c.Position).FirstAsync();
            response = await client.SubmitAsync(doc, url, new Dictionary<string, string> { ["choice"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form.choice-form");
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cardId;
    }

    private static async Task<HttpResponseMessage> AskLinkAsync(HttpClient client, string email, string culture = "en") =>
        await client.SubmitAsync($"/{culture}/go4tips/settings", new Dictionary<string, string> { ["Email"] = email }, "#ask-link");

    private async Task<string> LinkInMailAsync(string email, int nth = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var mails = App.Smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == email)).ToList();
            if (mails.Count >= nth)
            {
                var link = Regex.Match(mails[nth - 1].TextBody ?? string.Empty, @"https?://\S+/go4tips/signin\?token=[A-Za-z0-9_-]+").Value;
                Assert.NotEmpty(link);
                return new Uri(link).PathAndQuery;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no sign-in mail #{nth} for {email}");
            if (nth == 1)
            {
                await App.Smtp.WaitForAsync(email);
            }
            else
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Opens the link and presses the button, as a learner would; returns the learner id the browser now carries.</summary>
    private async Task<(HttpResponseMessage Response, Guid? Learner)> UseLinkAsync(HttpClient client, string link)
    {
        var page = await client.GetAsync(link);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            return (page, null);
        }

        var used = await client.SubmitAsync(await page.DocumentAsync(), link, new Dictionary<string, string>(), "#use-link");
        return (used, used.StatusCode == HttpStatusCode.Redirect ? LearnerOf(used) : null);
    }

    [Fact]
    public async Task SignInByEmailedLink_WorksOnce_MergesTwoDevices_AndTheStatesEqualSayStopFsrsOverTheMergedLog()
    {
        var email = $"learner-{Guid.NewGuid():N}@test.example";
        var (phone, phoneLearner) = await NewLearnerAsync();
        var (laptop, laptopLearner) = await NewLearnerAsync();

        // Both devices study the first cards of the deck, interleaved in time and with different answers.
        var onPhone = new HashSet<Guid>();
        var onLaptop = new HashSet<Guid>();
        for (var i = 0; i < 4; i++)
        {
            onPhone.Add(await StudyOneAsync(phone, grade: 3, right: true));
            App.Clock.Advance(TimeSpan.FromMinutes(3));
            onLaptop.Add(await StudyOneAsync(laptop, grade: 1 + (i % 4), right: i % 2 == 0));
            App.Clock.Advance(TimeSpan.FromMinutes(7));
        }

        App.Clock.Advance(TimeSpan.FromDays(2));
        onPhone.Add(await StudyOneAsync(phone, grade: 4, right: true));
        onLaptop.Add(await StudyOneAsync(laptop, grade: 2, right: false));
        var studied = onPhone.Union(onLaptop).ToHashSet();
        Assert.NotEmpty(onPhone.Intersect(onLaptop));

        // The phone signs in first: it becomes the account, with its own progress.
        var asked = await AskLinkAsync(phone, email);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var sentPage = await phone.GetDocumentAsync(asked.Headers.Location!.ToString());
        var link = await LinkInMailAsync(email);
        var (signedIn, phoneNow) = await UseLinkAsync(phone, link);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/en/go4tips/settings?signedin=1", signedIn.Headers.Location?.ToString());
        Assert.Equal(phoneLearner, phoneNow);
        Assert.NotNull((await phone.GetDocumentAsync("/en/go4tips/settings")).QuerySelector("#signed-in"));

        // The link works once.
        var reused = await App.Client().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.NotNull((await reused.DocumentAsync()).QuerySelector("#link-invalid"));

        // The laptop signs in with the same address: its progress is merged into the account.
        await AskLinkAsync(laptop, email);
        var (merged, laptopNow) = await UseLinkAsync(laptop, await LinkInMailAsync(email, 2));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(phoneLearner, laptopNow);

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<Learner>().AnyAsync(l => l.Id == laptopLearner));
            Assert.Equal(0, await db.Set<Review>().CountAsync(r => r.LearnerId == laptopLearner));
            var reviews = await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == phoneLearner).OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).ToListAsync();
            Assert.Equal(10, reviews.Count);
            var states = await db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == phoneLearner).ToListAsync();
            Assert.Equal(studied.Order(), states.Select(s => s.CardId).Order());
            Assert.All(onPhone.Intersect(onLaptop), card => Assert.True(reviews.Count(r => r.CardId == card) >= 2));
            var scheduler = new Scheduler(Go4TipsScheduling.Options(Learner.DefaultRetention));
            foreach (var state in states)
            {
                var history = reviews.Where(r => r.CardId == state.CardId).ToList();
                var expected = scheduler.Reschedule(history.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)))[^1].Card;
                var actual = state.ToFsrs();
                Assert.Equal(history.Count, state.Version);
                Assert.Equal(expected.Reps, actual.Reps);
                Assert.Equal(expected.Lapses, actual.Lapses);
                Assert.Equal(expected.State, actual.State);
                Assert.Equal(expected.Step, actual.Step);
                Assert.Equal(expected.Stability, actual.Stability, 1e-9);
                Assert.Equal(expected.Difficulty, actual.Difficulty, 1e-9);
                Assert.True((expected.Due - actual.Due).Duration() < TimeSpan.FromMilliseconds(1), $"due {expected.Due:O} vs {actual.Due:O}");
            }
        }

        // After the merge, an answer on either device continues the same schedule.
        await StudyOneAsync(laptop, grade: 3, right: true);

        // An unknown address gets the very same answer as a known one.
        var unknown = await AskLinkAsync(App.Client(), $"nobody-{Guid.NewGuid():N}@test.example");
        var known = await AskLinkAsync(App.Client(), email);
        Assert.Equal(asked.Headers.Location, unknown.Headers.Location);
        Assert.Equal(asked.Headers.Location, known.Headers.Location);
        var unknownPage = await App.Client().GetDocumentAsync(unknown.Headers.Location!.ToString());
        Assert.Equal(sentPage.QuerySelector("main")?.TextContent, unknownPage.QuerySelector("main")?.TextContent);

        // An expired link is refused.
        var expired = await LinkInMailAsync(email, 3);
        App.Clock.Advance(LearnerAccounts.LinkLifetime + TimeSpan.FromMinutes(1));
        var late = await UseLinkAsync(App.Client(), expired);
        Assert.Equal(HttpStatusCode.BadRequest, late.Response.StatusCode);
        Assert.Null(late.Learner);

        // A fourth link within the hour is not sent (three an hour per address), with the same answer.
        var fourth = await AskLinkAsync(App.Client(), email);
        Assert.Equal(asked.Headers.Location, fourth.Headers.Location);
        await Task.Delay(3000);
        Assert.Equal(3, App.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == email)));

        // Forged or mangled tokens: the same refusal, never an error.
        foreach (var token in new[] { "x", new string('A', 43), "<script>", new string('a', 5000) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await App.Client().GetAsync($"/en/go4tips/signin?token={Uri.EscapeDataString(token)}")).StatusCode);
        }

        // Signing out forgets the cookie; the account and its progress stay.
        var signOut = await phone.SubmitAsync("/en/go4tips/settings", new Dictionary<string, string>(), "#sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var afterSignOut = await phone.GetDocumentAsync("/en/go4tips/settings");
        Assert.Null(afterSignOut.QuerySelector("#signed-in"));
        Assert.NotNull(afterSignOut.QuerySelector("#ask-link"));
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(LearnerAccounts.KeyOf(email), await db.Set<Learner>().Where(l => l.Id == phoneLearner).Select(l => l.AccountKey).SingleAsync());
            Assert.Equal(11, await db.Set<Review>().CountAsync(r => r.LearnerId == phoneLearner));
            // Only the hash of a token is stored.
            var token = link.Split("token=")[1];
            var hashes = await db.Set<SignInLink>().Select(l => l.TokenHash).ToListAsync();
            Assert.Contains(LearnerAccounts.HashToken(token), hashes);
            Assert.DoesNotContain(token, hashes);
        }
    }

    [Fact]
    public async Task SignInRequest_WithABadAddress_SaysSoInTheVisitorsLanguage()
    {
        App.Require();
        var response = await AskLinkAsync(App.Client(), "pas-une-adresse", "fr");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = await response.DocumentAsync();
        Assert.Contains("Indiquez une adresse e-mail valide", doc.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("pas-une-adresse", (doc.QuerySelector("#signin-email") as IHtmlInputElement)?.Value);
    }
}

public sealed class Go4TipsAuthoringSqliteTests(SqliteApp app) : Go4TipsAuthoringTests(app), IClassFixture<SqliteApp>;

public sealed class Go4TipsAuthoringPostgresTests(PostgresApp app) : Go4TipsAuthoringTests(app), IClassFixture<PostgresApp>;
