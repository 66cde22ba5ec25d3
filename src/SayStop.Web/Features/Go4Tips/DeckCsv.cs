using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A deck as a CSV file, for authors who write and translate in a spreadsheet. One row per card; the columns are
/// <see cref="Columns"/>: key, kind (question, multiple-choice, true-false, scenario), retired (yes or empty),
/// correct (the numbers of the right choices, "2" or "1 3"; true or false for a true/false card; empty for a
/// question), then per language (fr, nl, en) prompt, answer and explanation, then choice1..6 and feedback1..6 per
/// language. UTF-8 with a byte order mark so spreadsheets read the accents. A cell that a spreadsheet would run as
/// a formula (starting with = + - @ tab or CR, after any apostrophes) is written with one more leading apostrophe,
/// which the import takes off again: an exported file imported back changes nothing.
/// The import reads the whole file, checks every row, and saves all rows in one transaction or none.
/// </summary>
public sealed partial class DeckCsv(AppDbContext db, Texts texts, TimeProvider clock)
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 1000;
    public const int MaxErrorsShown = 30;

    public static readonly IReadOnlyList<string> Columns = BuildColumns();

    public sealed record ImportResult(IReadOnlyList<string> Errors, int Added, int Updated, int Unchanged)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    private static List<string> BuildColumns()
    {
        var columns = new List<string> { "key", "kind", "retired", "correct" };
        foreach (var field in new[] { "prompt", "answer", "explanation" })
        {
            columns.AddRange(Cultures.All.Select(c => $"{field}_{c}"));
        }

        for (var i = 1; i <= CardAuthoring.MaxChoices; i++)
        {
            columns.AddRange(Cultures.All.Select(c => $"choice{i}_{c}"));
            columns.AddRange(Cultures.All.Select(c => $"feedback{i}_{c}"));
        }

        return columns;
    }

    [GeneratedRegex(@"^'*[=+\-@\t\r]", RegexOptions.CultureInvariant)]
    private static partial Regex FormulaLike();

    [GeneratedRegex(@"^'+[=+\-@\t\r]", RegexOptions.CultureInvariant)]
    private static partial Regex Neutralised();

    /// <summary>A cell as written: one apostrophe more in front of anything a spreadsheet would evaluate.</summary>
    public static string Neutralise(string value) => FormulaLike().IsMatch(value) ? "'" + value : value;

    private static string Restore(string value) => Neutralised().IsMatch(value) ? value[1..] : value;

    /// <summary>The deck's cards (retired ones too, marked), in deck order, as UTF-8 with a byte order mark.</summary>
    public async Task<byte[]> ExportAsync(Guid deckId, CancellationToken ct)
    {
        var cards = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == deckId)
            .Include(c => c.Translations).Include(c => c.Choices).ThenInclude(ch => ch.Translations)
            .OrderBy(c => c.Position).ThenBy(c => c.Key).AsSplitQuery().ToListAsync(ct);
        using var buffer = new MemoryStream();
        // Neutralise() protects formulas in a way the import can undo; the writer's own protection is off.
        await using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.None }, true))
        {
            csv.WriteHeader(Columns.ToArray());
            foreach (var card in cards)
            {
                csv.WriteRecord(Row(CardAuthoring.FromCard(card)).Select(Neutralise).ToArray());
            }
        }

        return buffer.ToArray();
    }

    private static IEnumerable<string> Row(CardAuthoring.CardDraft d)
    {
        yield return d.Key;
        yield return CardAuthoring.KindNames[d.Kind];
        yield return d.Retired ? "yes" : string.Empty;
        yield return d.Kind switch
        {
            CardKind.QuestionAnswer => string.Empty,
            CardKind.TrueFalse => d.IsTrue == true ? "true" : "false",
            _ => string.Join(' ', d.Choices.Select((c, i) => (c, i)).Where(x => x.c.IsCorrect).Select(x => (x.i + 1).ToString(CultureInfo.InvariantCulture))),
        };
        foreach (var c in Cultures.All)
        {
            yield return d.Texts[c].Prompt;
        }

        foreach (var c in Cultures.All)
        {
            yield return d.Texts[c].Answer;
        }

        foreach (var c in Cultures.All)
        {
            yield return d.Texts[c].Explanation;
        }

        for (var i = 0; i < CardAuthoring.MaxChoices; i++)
        {
            var choice = i < d.Choices.Count ? d.Choices[i] : null;
            foreach (var c in Cultures.All)
            {
                yield return choice?.Texts[c].Text ?? string.Empty;
            }

            foreach (var c in Cultures.All)
            {
                yield return choice?.Texts[c].Feedback ?? string.Empty;
            }
        }
    }

    /// <summary>Checks the whole file, then adds and updates its cards in one transaction, or changes nothing.</summary>
    public async Task<ImportResult> ImportAsync(Guid deckId, Stream content, long length, string culture, CancellationToken ct)
    {
        var errors = new List<string>();
        string Say(string key, params object[] args) => string.Format(CultureInfo.GetCultureInfo(culture), texts.In(culture, key), args);
        ImportResult Failed(params string[] messages) => new(messages, 0, 0, 0);

        if (length > MaxBytes)
        {
            return Failed(Say("Go4Tips.Csv.TooBig", MaxBytes / 1024));
        }

        using var bytes = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            bytes.Write(chunk, 0, read);
            if (bytes.Length > MaxBytes)
            {
                return Failed(Say("Go4Tips.Csv.TooBig", MaxBytes / 1024));
            }
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
        catch (DecoderFallbackException)
        {
            return Failed(Say("Go4Tips.Csv.NotUtf8"));
        }

        text = text.TrimStart('\uFEFF');
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Failed(Say("Go4Tips.Csv.NotText"));
        }

        var rows = new List<(int Line, CardAuthoring.CardDraft Draft)>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MaxRecordSize = MaxBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrimWhitespace = false,
        };
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            var missing = Columns.Where(c => !header.Contains(c)).ToList();
            var unknown = header.Where(h => !Columns.Contains(h)).ToList();
            if (header.Length == 0)
            {
                return Failed(Say("Go4Tips.Csv.Empty"));
            }

            if (missing.Count > 0 || unknown.Count > 0 || header.Distinct().Count() != header.Length)
            {
                return Failed(Say("Go4Tips.Csv.WrongColumns", string.Join(", ", missing.Take(5)), string.Join(", ", unknown.Take(5).Select(Shorten))));
            }

            var index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var records = 0;
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (++records > MaxRows)
                {
                    return Failed(Say("Go4Tips.Csv.TooManyRows", MaxRows));
                }

                var record = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? string.Empty).ToArray();
                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (record.Length != header.Length)
                {
                    errors.Add(Say("Go4Tips.Csv.LineError", line, Say("Go4Tips.Csv.CellCount", record.Length, header.Length)));
                    continue;
                }

                string Cell(string column) => Restore(record[index[column]]);
                var lineErrors = new List<string>();
                var draft = ReadDraft(Cell, lineErrors, Say);
                CardAuthoring.Clean(draft);
                lineErrors.AddRange(CardAuthoring.Validate(draft).Select(p => Describe(p, Say)));
                if (CardAuthoring.IsKey(draft.Key) && !keys.Add(draft.Key))
                {
                    lineErrors.Add(Say("Go4Tips.Csv.DuplicateKey", draft.Key));
                }

                errors.AddRange(lineErrors.Distinct().Select(e => Say("Go4Tips.Csv.LineError", line, e)));
                if (lineErrors.Count == 0)
                {
                    rows.Add((line, draft));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the parser makes of a hostile file (it works in memory: no database state to worry about),
            // the author gets a message, never an error page.
            return Failed(Say("Go4Tips.Csv.Unreadable"));
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(MaxErrorsShown).ToList();
            if (errors.Count > shown.Count)
            {
                shown.Add(Say("Go4Tips.Csv.MoreErrors", errors.Count - shown.Count));
            }

            return Failed([.. shown]);
        }

        if (rows.Count == 0)
        {
            return Failed(Say("Go4Tips.Csv.Empty"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cards = await db.Set<Card>().Where(c => c.DeckId == deckId)
            .Include(c => c.Translations).Include(c => c.Choices).ThenInclude(ch => ch.Translations)
            .AsSplitQuery().ToListAsync(ct);
        var byKey = cards.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var position = cards.Count == 0 ? 0 : cards.Max(c => c.Position);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var (_, draft) in rows)
        {
            if (byKey.TryGetValue(draft.Key, out var card))
            {
                if (CardAuthoring.Apply(card, draft, texts, now))
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }

                continue;
            }

            card = new Card { Id = Guid.CreateVersion7(), DeckId = deckId, Position = ++position };
            CardAuthoring.Apply(card, draft, texts, now);
            db.Add(card);
            added++;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ImportResult([], added, updated, unchanged);
    }

    private static CardAuthoring.CardDraft ReadDraft(Func<string, string> cell, List<string> errors, Func<string, object[], string> say)
    {
        var draft = new CardAuthoring.CardDraft { Key = cell("key") };
        if (CardAuthoring.KindOf(cell("kind")) is { } kind)
        {
            draft.Kind = kind;
        }
        else
        {
            errors.Add(say("Go4Tips.Csv.UnknownKind", [Shorten(cell("kind")), string.Join(", ", CardAuthoring.KindNames.Values)]));
        }

        switch (cell("retired").Trim().ToLowerInvariant())
        {
            case "":
                break;
            case "yes":
                draft.Retired = true;
                break;
            default:
                errors.Add(say("Go4Tips.Csv.RetiredValue", []));
                break;
        }

        foreach (var c in Cultures.All)
        {
            draft.Texts[c] = new CardAuthoring.TextDraft { Prompt = cell($"prompt_{c}"), Answer = cell($"answer_{c}"), Explanation = cell($"explanation_{c}") };
        }

        var correct = cell("correct").Trim().ToLowerInvariant();
        if (draft.Kind == CardKind.TrueFalse)
        {
            draft.IsTrue = correct switch { "true" => true, "false" => false, _ => null };
            return draft;
        }

        var right = new HashSet<int>();
        foreach (var part in correct.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= CardAuthoring.MaxChoices)
            {
                right.Add(n);
            }
            else
            {
                errors.Add(say("Go4Tips.Csv.CorrectValue", [CardAuthoring.MaxChoices]));
                break;
            }
        }

        if (draft.Kind == CardKind.QuestionAnswer && right.Count > 0)
        {
            errors.Add(say("Go4Tips.Author.NoChoicesForQuestion", []));
        }

        for (var i = 1; i <= CardAuthoring.MaxChoices; i++)
        {
            var choice = new CardAuthoring.ChoiceDraft { IsCorrect = right.Contains(i) };
            foreach (var c in Cultures.All)
            {
                choice.Texts[c] = (cell($"choice{i}_{c}"), cell($"feedback{i}_{c}"));
            }

            draft.Choices.Add(choice);
        }

        // Trailing empty choices are absent ones; an empty choice between two written ones is refused by Validate.
        while (draft.Choices.Count > 0 && draft.Choices[^1].IsEmpty && !draft.Choices[^1].IsCorrect)
        {
            draft.Choices.RemoveAt(draft.Choices.Count - 1);
        }

        if (draft.Choices.Any(c => c.IsEmpty && !c.IsCorrect))
        {
            errors.Add(say("Go4Tips.Csv.ChoiceGap", []));
        }

        return draft;
    }

    /// <summary>A problem of <see cref="CardAuthoring.Validate"/> in the visitor's language, naming the CSV column.</summary>
    private static string Describe(CardAuthoring.Problem p, Func<string, object[], string> say)
    {
        var message = say(p.TextKey, p.Args);
        var parts = p.Field.Split('.');
        if (parts.Length == 2)
        {
            var column = parts[0].ToLowerInvariant() + "_" + parts[1];
            return $"{column}: {message}";
        }

        return message;
    }

    private static string Shorten(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(30).ToArray());
        return clean.Length < value.Length ? clean + "…" : clean;
    }
}
