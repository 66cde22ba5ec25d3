using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// The table of hostile and malformed submissions: each row reaches its step with honest answers, then posts
/// the bad value. Every row gets a 4xx with a message in the visitor's language, never a 500, and files nothing; the
/// same value carried past its step to the send step files nothing or files it cleaned.
/// (Photos have their own rows in ReportsTests.BadPhotos_AreRefusedWithAMessage_AndNothingIsFiled.)
/// </summary>
public abstract class ReportHostileInputTests(ReportsApp app)
{
    /// <summary>
    /// Stands for a value posted as percent-escaped bytes that are not UTF-8. ASP.NET Core keeps such escapes as
    /// literal text ("%FF"), so in a free-text field they are harmless text; the rows aim them at closed choices.
    /// </summary>
    private const string InvalidUtf8 = "<invalid utf-8>";

    private static readonly string[] Steps = ["Country", "Kind", "When", "Where", "Suspect", "Children", "What", "Reporter", "Review"];

    private static readonly Dictionary<string, Dictionary<string, string>> Honest = new()
    {
        ["Country"] = new() { ["Input.Country"] = "TH" },
        ["Kind"] = new() { ["Input.Kind"] = "Suspicious" },
        ["When"] = new() { ["Input.When"] = "last night" },
        ["Where"] = new(),
        ["Suspect"] = new(),
        ["Children"] = new(),
        ["What"] = new() { ["Input.WhatHappened"] = "what I saw" },
        ["Reporter"] = new() { ["Input.Contact"] = "anonymous" },
    };

    private static string Long(int n) => new('x', n);

    private static readonly (string Step, string Field, string Value, string Key)[] Rows =
    [
        // step, field, value, the text the visitor reads (its key, and the limit it names)
        ("Country", "Input.Country", "XX", "Report.Where.CountryRequired"),
        ("Country", "Input.Country", "", "Report.Where.CountryRequired"),
        ("Country", "Input.Country", "th", "Report.Where.CountryRequired"),
        ("Country", "Input.Country", "<script>alert(1)</script>", "Report.Where.CountryRequired"),
        ("Country", "Input.Country", Long(400_000), "Report.Where.CountryRequired"),
        ("Country", "Input.Country", "T\u0000H", "Error.400.Text"),
        ("Kind", "Input.Kind", "", "Report.Kind.Required"),
        ("Kind", "Input.Kind", "Hacked", "Report.Kind.Required"),
        ("Kind", "Input.Kind", "Online\u202E", "Report.Kind.Required"),
        ("Kind", "Input.Kind", Long(100_000), "Report.Kind.Required"),
        ("When", "Input.WhenDate", "2026-02-31", "Report.When.DateInvalid"),
        ("When", "Input.WhenDate", "2099-01-01", "Report.When.DateFuture"),
        ("When", "Input.WhenDate", "1900-01-01", "Report.When.DateTooOld"),
        ("When", "Input.WhenDate", "31/13/2020", "Report.When.DateInvalid"),
        ("When", "Input.WhenDate", "yesterday", "Report.When.DateInvalid"),
        ("When", "Input.WhenDate", "<b>1</b>", "Report.When.DateInvalid"),
        ("When", "Input.WhenTime", "25:61", "Report.When.TimeInvalid"),
        ("When", "Input.WhenTime", "midnight'; DROP TABLE Reports;--", "Report.When.TimeInvalid"),
        ("When", "Input.When", "", "Report.When.Required"),
        ("When", "Input.When", Long(FormModel.MaxWhen + 1), "Validation.TooLong:200"),
        ("When", "Input.When", "\u0007\u0008\u001B", "Report.When.Required"),
        ("When", "Input.When", "\u202E\u202D\u2066", "Report.When.Required"),
        ("Kind", "Input.Kind", InvalidUtf8, "Report.Kind.Required"),
        ("Where", "Input.PlaceKind", "Casino", "Validation.Choice"),
        ("Where", "Input.Coordinates", "91, 0", "Report.Where.CoordinatesInvalid"),
        ("Where", "Input.Coordinates", "1e400, 5", "Report.Where.CoordinatesInvalid"),
        ("Where", "Input.Coordinates", "here", "Report.Where.CoordinatesInvalid"),
        ("Where", "Input.City", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Where", "Input.PlaceName", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Where", "Input.Place", Long(FormModel.MaxPlace + 1), "Validation.TooLong:300"),
        ("Suspect", "Input.SuspectName", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Suspect", "Input.SuspectDescription", Long(FormModel.MaxLong + 1), "Validation.TooLong:2000"),
        ("Suspect", "Input.SuspectAge", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Suspect", "Input.SuspectVehicle", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Suspect", "Input.SuspectTravel", Long(FormModel.MaxPlace + 1), "Validation.TooLong:300"),
        ("Suspect", "Input.SuspectStay", Long(FormModel.MaxPlace + 1), "Validation.TooLong:300"),
        ("Children", "Input.ChildrenCount", "Seven", "Validation.Choice"),
        ("Children", "Input.ChildrenGender", "Other", "Validation.Choice"),
        ("Children", "Input.ChildrenAge", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Children", "Input.ChildrenDescription", Long(FormModel.MaxLong + 1), "Validation.TooLong:2000"),
        ("What", "Input.WhatHappened", "", "Validation.Required"),
        ("What", "Input.WhatHappened", Long(FormModel.MaxWhatHappened + 1), "Validation.TooLong:5000"),
        ("What", "Input.WhatHappened", "\u200E\u0000\u0001", "Error.400.Text"),
        ("What", "Input.WhatHappened", "\u200E\u0001\u202E", "Validation.Required"),
        ("Country", "Input.Country", InvalidUtf8, "Report.Where.CountryRequired"),
        ("What", "Input.AlreadyActed", "Army", "Validation.Choice"),
        ("What", "Input.ActedDetails", Long(FormModel.MaxLong + 1), "Validation.TooLong:2000"),
        ("Reporter", "Input.Contact", "maybe", "Validation.Required"),
        ("Reporter", "Input.Contact", "contact", "Report.Reporter.EmailOrPhone"),
        ("Reporter", "Input.Email", "not-an-email", "Validation.Email"),
        ("Reporter", "Input.Email", Long(250) + "@x.example", "Validation.Email"),
        ("Reporter", "Input.Phone", "call me maybe", "Report.Reporter.PhoneInvalid"),
        ("Reporter", "Input.Phone", new string('1', FormModel.MaxPhone + 1), "Report.Reporter.PhoneInvalid"),
        ("Reporter", "Input.Name", Long(FormModel.MaxShort + 1), "Validation.TooLong:120"),
        ("Review", "Input.Website", "http://spam.example", "Report.Send.TryAgain"),
        ("Review", "Draft", "CfDJ8" + Long(300), "Report.Expired"),
        ("Review", "Draft", "", "Report.Expired"),
        ("Review", "step", "99", "Report.Expired"),
    ];

    private static readonly string[] Cultures = ["fr", "nl", "en"];

    /// <summary>Every row in every language of the site.</summary>
    public static TheoryData<string, string, string, string, string> RowsInEveryLanguage()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var culture in Cultures)
        {
            foreach (var (step, field, value, key) in Rows)
            {
                data.Add(culture, step, field, value, key);
            }
        }

        return data;
    }

    /// <summary>
    /// The words the visitor must read for a text key ("Key" or "Key:argument"), in that language: each literal part of
    /// the template between its placeholders, and the argument itself.
    /// </summary>
    private IEnumerable<string> Expected(string culture, string key)
    {
        var (name, argument) = key.Split(':') is [var n, var arg] ? (n, arg) : (key, null);
        var template = app.Services.GetRequiredService<SayStop.Web.Infrastructure.Localization.Texts>().In(culture, name);
        Assert.NotEqual(name, template);
        foreach (var part in System.Text.RegularExpressions.Regex.Split(template, @"\{\d\}"))
        {
            if (part.Trim(' ', '(', ')', '.', ',').Length > 3)
            {
                yield return part.Trim(' ', '(', ')');
            }
        }

        if (argument is not null)
        {
            yield return argument;
        }
    }

    [Theory]
    [MemberData(nameof(RowsInEveryLanguage))]
    public async Task EveryHostileRow_IsRefusedAtItsStep_WithAMessageInTheVisitorsLanguage_AndFilesNothing(string culture, string step, string field, string value, string key)
    {
        app.Require();
        var client = app.Client();
        var doc = await WalkAsync(client, culture, Steps.TakeWhile(s => s != step));
        var before = await CountAsync();
        var fields = new Dictionary<string, string>(step == "Review" ? [] : Honest[step]) { [field] = value, ["go"] = step == "Review" ? "send" : "next" };
        AlignContact(fields, field, value);
        var response = await SendAsync(client, doc, culture, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {Forms.Parse(body).QuerySelector("main")?.TextContent}");
        var page = Forms.Parse(body);
        Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
        var shown = Shown(page);
        foreach (var words in Expected(culture, key))
        {
            Assert.True(shown.Contains(words, StringComparison.Ordinal), $"{culture} {(int)response.StatusCode}: [{words}] not in [{shown}]");
        }

        Assert.Null(page.QuerySelector("main script, main b"));
        Assert.Equal(before, await CountAsync());
    }

    /// <summary>
    /// The same values carried past their step's check to the send step: the honest form is walked to the review, the
    /// value is posted with "back" (which keeps what was typed without checking it), and the draft that comes back is
    /// sent from a forged review step. Either nothing is filed, with a message in the visitor's language, or what is
    /// filed holds neither the hostile value nor any control or direction-override character.
    /// </summary>
    [Theory]
    [MemberData(nameof(RowsInEveryLanguage))]
    public async Task EveryHostileRow_CarriedToTheSendStep_FilesNothing_OrFilesItCleaned(string culture, string step, string field, string value, string key)
    {
        app.Require();
        _ = key;
        var client = app.Client();
        var review = await WalkAsync(client, culture, Steps);
        Assert.NotNull(review.QuerySelector("dl.review"));
        var before = await CountAsync();

        var doc = review;
        if (step != "Review")
        {
            var fields = new Dictionary<string, string>(Honest[step]) { ["step"] = step, [field] = value, ["go"] = "back" };
            AlignContact(fields, field, value);

            var back = await SendAsync(client, review, culture, fields);
            if (back.StatusCode == HttpStatusCode.BadRequest)
            {
                // Refused by the site's input guard before the page runs (a NUL or another control character).
                Assert.Contains(Expected(culture, "Error.400.Text").First(), Shown(await back.DocumentAsync()), StringComparison.Ordinal);
                Assert.Equal(before, await CountAsync());
                return;
            }

            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            doc = await back.DocumentAsync();
        }

        var send = new Dictionary<string, string> { ["step"] = "Review", ["go"] = "send" };
        if (doc.QuerySelector("input[name=Challenge]") is null
            && review.QuerySelector("input[name=Challenge]")?.GetAttribute("value") is { } challenge)
        {
            // The forged review step carries the real review page's send challenge (bound to the same draft), so the
            // send is decided on the answers, not refused for a missing challenge.
            send["Challenge"] = challenge;
        }

        if (step == "Review")
        {
            send[field] = value;
        }

        var response = await SendAsync(client, doc, culture, send);
        var page = await response.DocumentAsync();
        Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
        var receipt = page.QuerySelector("#receipt")?.TextContent.Trim();
        if (receipt is null)
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {Shown(page)}");
            var message = response.StatusCode switch
            {
                HttpStatusCode.UnprocessableEntity => "Report.Review.Incomplete",
                HttpStatusCode.TooManyRequests => "Report.Send.TryAgain",
                _ => "Report.Expired",
            };
            foreach (var words in Expected(culture, message))
            {
                Assert.Contains(words, Shown(page), StringComparison.Ordinal);
            }

            Assert.Equal(before, await CountAsync());
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, await CountAsync());
        foreach (var text in await FiledTextsAsync(receipt))
        {
            Assert.False(value.Length >= 4 ? text.Contains(value, StringComparison.Ordinal) : value.Length > 0 && text == value, $"{field}: the hostile value was filed as [{text[..Math.Min(40, text.Length)]}]");
            Assert.DoesNotContain(text, c => (char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F');
        }
    }

    /// <summary>Every string the filed report holds (answers and contact), opened with its receipt.</summary>
    private async Task<IReadOnlyList<string>> FiledTextsAsync(string receiptText)
    {
        Assert.True(SayStop.Sealing.Receipt.TryParse(receiptText, out var receipt));
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = db.Set<Report>().Single(r => r.Locator == receipt.Locator);
        Assert.True(SayStop.Sealing.ReceiptVerifier.TryOpen(report.ReceiptVerifier, receipt, report.Id, out var key));
        using (key)
        {
            var texts = new List<string>();
            foreach (var json in new[] { SayStop.Sealing.ReportEnvelope.OpenText(key, report.Id, SayStop.Sealing.SealingPurpose.Answers, report.SealedAnswers) }
                .Concat(report.SealedContact is null ? [] : [SayStop.Sealing.ReportEnvelope.OpenText(key, report.Id, SayStop.Sealing.SealingPurpose.Contact, report.SealedContact)]))
            {
                Collect(System.Text.Json.JsonDocument.Parse(json).RootElement, texts);
            }

            Assert.NotEmpty(texts);
            return texts;
        }

        static void Collect(System.Text.Json.JsonElement e, List<string> into)
        {
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.String:
                    into.Add(e.GetString()!);
                    break;
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Collect(p.Value, into);
                    }

                    break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Collect(item, into);
                    }

                    break;
            }
        }
    }

    /// <summary>An email or phone row chooses to be contacted; the "contact" row gives neither.</summary>
    private static void AlignContact(Dictionary<string, string> fields, string field, string value)
    {
        if (field == "Input.Contact" && value == "contact")
        {
            fields["Input.Email"] = fields["Input.Phone"] = string.Empty;
        }
        else if (field is "Input.Email" or "Input.Phone")
        {
            fields["Input.Contact"] = "contact";
        }
        else if (field == "Input.Name")
        {
            fields["Input.Contact"] = "contact";
            fields["Input.Email"] = "reporter@example.org";
        }
    }

    private static string Shown(IHtmlDocument page)
    {
        var shown = string.Join(" | ", page.QuerySelectorAll(".field-error, .error-summary, .notice").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
        // Otherwise the site's own localised error page (ASP.NET Core refuses a NUL in a form value before the page runs).
        return shown.Length > 0 ? shown : page.QuerySelector("main")?.TextContent.Trim() ?? string.Empty;
    }

    /// <summary>The form in that language from its first step, with honest answers to each of <paramref name="steps"/>.</summary>
    private static async Task<IHtmlDocument> WalkAsync(HttpClient client, string culture, IEnumerable<string> steps)
    {
        var doc = await client.GetDocumentAsync($"/{culture}/report/form?urgent=no");
        foreach (var step in steps.Where(s => s != "Review"))
        {
            var response = await client.SubmitAsync(doc, $"/{culture}/report/form", new Dictionary<string, string>(Honest[step]) { ["go"] = "next" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            doc = await response.DocumentAsync();
        }

        return doc;
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Scope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Count();
    }

    /// <summary>Posts the form as the browser would, except that <see cref="InvalidUtf8"/> goes out as raw bytes.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, IHtmlDocument doc, string culture, Dictionary<string, string> fields)
    {
        var form = doc.QuerySelector("main form")!;
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Where(i => i.GetAttribute("name") is { } n && !fields.ContainsKey(n))
            .Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Concat(fields.Select(kv => (kv.Key, kv.Value)));
        var body = new StringBuilder();
        foreach (var (name, value) in values)
        {
            body.Append(body.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(name)).Append('=')
                .Append(value == InvalidUtf8 ? "%FF%FE%C0%80" : Uri.EscapeDataString(value));
        }

        // No charset parameter, as browsers send it: the server reads the percent-escapes as UTF-8.
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body.ToString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return await client.PostAsync($"/{culture}/report/form", content);
    }
}

public sealed class ReportHostileInputSqliteTests(ReportsSqliteApp app) : ReportHostileInputTests(app), IClassFixture<ReportsSqliteApp>;

public sealed class ReportHostileInputPostgresTests(ReportsPostgresApp app) : ReportHostileInputTests(app), IClassFixture<ReportsPostgresApp>;
