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
/// the bad value. Every row gets a 4xx with a message in the visitor's language, never a 500, and files nothing.
/// (Photos have their own rows in ReportsTests.BadPhotos_AreRefusedWithAMessage_AndNothingIsFiled.)
/// </summary>
public abstract class ReportHostileInputTests(ReportsApp app)
{
    private const string FormUrl = "/en/report/form";

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

    public static TheoryData<string, string, string, string> Rows() => new()
    {
        // step, field, value, what the visitor reads (English page)
        { "Country", "Input.Country", "XX", "choose a country from the list" },
        { "Country", "Input.Country", "", "choose a country from the list" },
        { "Country", "Input.Country", "th", "choose a country from the list" },
        { "Country", "Input.Country", "<script>alert(1)</script>", "choose a country from the list" },
        { "Country", "Input.Country", Long(400_000), "choose a country from the list" },
        { "Country", "Input.Country", "T\u0000H", "Something in the request was not valid" },
        { "Kind", "Input.Kind", "", "choose the kind of situation" },
        { "Kind", "Input.Kind", "Hacked", "choose the kind of situation" },
        { "Kind", "Input.Kind", "Online\u202E", "choose the kind of situation" },
        { "Kind", "Input.Kind", Long(100_000), "choose the kind of situation" },
        { "When", "Input.WhenDate", "2026-02-31", "That date does not exist" },
        { "When", "Input.WhenDate", "2099-01-01", "That date is in the future" },
        { "When", "Input.WhenDate", "1900-01-01", "That date is before 1970" },
        { "When", "Input.WhenDate", "31/13/2020", "That date does not exist" },
        { "When", "Input.WhenDate", "yesterday", "That date does not exist" },
        { "When", "Input.WhenDate", "<b>1</b>", "That date does not exist" },
        { "When", "Input.WhenTime", "25:61", "Write the time like 22:30" },
        { "When", "Input.WhenTime", "midnight'; DROP TABLE Reports;--", "Write the time like 22:30" },
        { "When", "Input.When", "", "Give a date or describe the moment" },
        { "When", "Input.When", Long(FormModel.MaxWhen + 1), "200" },
        { "When", "Input.When", "\u0007\u0008\u001B", "Give a date or describe the moment" },
        { "When", "Input.When", "\u202E\u202D\u2066", "Give a date or describe the moment" },
        { "Kind", "Input.Kind", InvalidUtf8, "choose the kind of situation" },
        { "Where", "Input.PlaceKind", "Casino", "Choose one of the options" },
        { "Where", "Input.Coordinates", "91, 0", "Write the latitude then the longitude" },
        { "Where", "Input.Coordinates", "1e400, 5", "Write the latitude then the longitude" },
        { "Where", "Input.Coordinates", "here", "Write the latitude then the longitude" },
        { "Where", "Input.City", Long(FormModel.MaxShort + 1), "120" },
        { "Where", "Input.PlaceName", Long(FormModel.MaxShort + 1), "120" },
        { "Where", "Input.Place", Long(FormModel.MaxPlace + 1), "300" },
        { "Suspect", "Input.SuspectName", Long(FormModel.MaxShort + 1), "120" },
        { "Suspect", "Input.SuspectDescription", Long(FormModel.MaxLong + 1), "2000" },
        { "Suspect", "Input.SuspectAge", Long(FormModel.MaxShort + 1), "120" },
        { "Suspect", "Input.SuspectVehicle", Long(FormModel.MaxShort + 1), "120" },
        { "Suspect", "Input.SuspectTravel", Long(FormModel.MaxPlace + 1), "300" },
        { "Suspect", "Input.SuspectStay", Long(FormModel.MaxPlace + 1), "300" },
        { "Children", "Input.ChildrenCount", "Seven", "Choose one of the options" },
        { "Children", "Input.ChildrenGender", "Other", "Choose one of the options" },
        { "Children", "Input.ChildrenAge", Long(FormModel.MaxShort + 1), "120" },
        { "Children", "Input.ChildrenDescription", Long(FormModel.MaxLong + 1), "2000" },
        { "What", "Input.WhatHappened", "", "This field is required" },
        { "What", "Input.WhatHappened", Long(FormModel.MaxWhatHappened + 1), "5000" },
        { "What", "Input.WhatHappened", "\u200E\u0000\u0001", "Something in the request was not valid" },
        { "What", "Input.WhatHappened", "\u200E\u0001\u202E", "This field is required" },
        { "Country", "Input.Country", InvalidUtf8, "choose a country from the list" },
        { "What", "Input.AlreadyActed", "Army", "Choose one of the options" },
        { "What", "Input.ActedDetails", Long(FormModel.MaxLong + 1), "2000" },
        { "Reporter", "Input.Contact", "maybe", "This field is required" },
        { "Reporter", "Input.Contact", "contact", "Give an email address or a phone number" },
        { "Reporter", "Input.Email", "not-an-email", "valid email" },
        { "Reporter", "Input.Email", Long(250) + "@x.example", "valid email" },
        { "Reporter", "Input.Phone", "call me maybe", "Write the number with digits" },
        { "Reporter", "Input.Phone", new string('1', FormModel.MaxPhone + 1), "Write the number with digits" },
        { "Review", "Input.Website", "http://spam.example", "The report could not be sent just now" },
        { "Review", "Draft", "CfDJ8" + Long(300), "expired or could not be read" },
        { "Review", "Draft", "", "expired or could not be read" },
        { "Review", "step", "99", "expired or could not be read" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EveryHostileRow_GetsAMessage_Not500_AndFilesNothing(string step, string field, string value, string message)
    {
        app.Require();
        var client = app.Client();
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        foreach (var earlier in Steps.TakeWhile(s => s != step))
        {
            doc = await PostAsync(client, doc, new Dictionary<string, string>(Honest[earlier]) { ["go"] = "next" }, HttpStatusCode.OK);
        }

        var before = await CountAsync();
        var fields = new Dictionary<string, string>(step == "Review" ? [] : Honest[step]) { [field] = value, ["go"] = step == "Review" ? "send" : "next" };
        if (field == "Input.Contact" && value == "contact")
        {
            fields["Input.Email"] = fields["Input.Phone"] = string.Empty;
        }
        else if (field is "Input.Email" or "Input.Phone")
        {
            fields["Input.Contact"] = "contact";
        }

        var response = await SendAsync(client, doc, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {Forms.Parse(body).QuerySelector("main")?.TextContent}");
        var page = Forms.Parse(body);
        var shown = string.Join(" | ", page.QuerySelectorAll(".field-error, .error-summary, .notice").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
        if (shown.Length == 0)
        {
            // The site's own localised 400 page (ASP.NET Core refuses a NUL in a form value before the page runs).
            shown = page.QuerySelector("main")?.TextContent.Trim() ?? string.Empty;
        }

        Assert.True(shown.Contains(message, StringComparison.Ordinal), $"{(int)response.StatusCode} [{shown}] {page.QuerySelector("main")?.TextContent.Trim()}");
        Assert.Null(page.QuerySelector("main script, main b"));
        Assert.Equal(before, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Scope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Count();
    }

    private static async Task<IHtmlDocument> PostAsync(HttpClient client, IHtmlDocument doc, Dictionary<string, string> fields, HttpStatusCode expected)
    {
        var response = await client.SubmitAsync(doc, FormUrl, fields);
        Assert.Equal(expected, response.StatusCode);
        return await response.DocumentAsync();
    }

    /// <summary>Posts the form as the browser would, except that <see cref="InvalidUtf8"/> goes out as raw bytes.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, IHtmlDocument doc, Dictionary<string, string> fields)
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
        return await client.PostAsync(FormUrl, content);
    }
}

public sealed class ReportHostileInputSqliteTests(ReportsSqliteApp app) : ReportHostileInputTests(app), IClassFixture<ReportsSqliteApp>;

public sealed class ReportHostileInputPostgresTests(ReportsPostgresApp app) : ReportHostileInputTests(app), IClassFixture<ReportsPostgresApp>;
