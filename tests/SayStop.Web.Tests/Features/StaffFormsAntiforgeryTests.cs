using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Tests.Features.Desk;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>
/// The server, not only the page, refuses a staff form posted without its antiforgery token or with a token made for
/// another signed-in staff member. The pages are found from the app's own endpoints (every one with an authorization
/// policy), their forms from the pages as a staff member holding every role sees them, following the links between
/// staff pages so that pages about one report, deck, group or post are reached too.
/// </summary>
public abstract class StaffFormsAntiforgeryTests(DeskApp app)
{
    private sealed record StaffTemplate(string Template, Regex Pattern, bool NeedsValue);

    private sealed record FoundForm(string PageUrl, string Template, string Target, bool Multipart, IReadOnlyList<KeyValuePair<string, string>> Fields);

    private List<StaffTemplate> StaffTemplates()
    {
        var result = new List<StaffTemplate>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            {
                continue;
            }

            var template = "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var pattern = "^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), @"/\{([^}]+)\}", m =>
            {
                var p = m.Groups[1].Value;
                var optional = p.EndsWith('?');
                var body = p.StartsWith("culture", StringComparison.Ordinal) ? "/(fr|nl|en)"
                    : p.Contains(":guid", StringComparison.Ordinal) ? "/[0-9a-fA-F-]{36}"
                    : p.Contains(":int", StringComparison.Ordinal) ? "/[0-9]+"
                    : "/[^/]+";
                return optional ? $"({body})?" : body;
            }) + "$";
            var needsValue = Regex.IsMatch(template.Replace("{culture:culture}", string.Empty, StringComparison.Ordinal), @"\{[^}?]+\}");
            result.Add(new StaffTemplate(template, new Regex(pattern, RegexOptions.IgnoreCase), needsValue));
        }

        return result;
    }

    private static string Start(StaffTemplate t) =>
        Regex.Replace(t.Template.Replace("{culture:culture}", "en", StringComparison.Ordinal), @"/\{[^}]+\?\}", string.Empty);

    /// <summary>Data that makes the pages about one thing reachable by links: a report, a training group, a news post.</summary>
    private async Task CreateDataAsync(HttpClient staff)
    {
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
                new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar", "I saw something"), null, Guid.NewGuid());
        }

        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var group = await staff.SubmitAsync("/en/go4tips/manage", new Dictionary<string, string> { ["Name"] = "Hotel staff", ["DeckKey"] = "professionals", ["TrainedOn"] = today });
        Assert.Equal(HttpStatusCode.Redirect, group.StatusCode);
        var post = await staff.SubmitAsync("/en/news/manage/edit", new Dictionary<string, string>
        {
            ["Input.Translations[2].Title"] = "A post to edit",
            ["Input.Translations[2].Summary"] = "Summary",
            ["Input.Translations[2].Body"] = "Body",
            ["Input.Publication"] = "Draft",
        });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
    }

    /// <summary>Visits every staff page reachable from the staff routes and returns every post form on them.</summary>
    private static async Task<(List<FoundForm> Forms, HashSet<string> Visited)> CrawlAsync(HttpClient staff, List<StaffTemplate> templates)
    {
        var queue = new Queue<string>(templates.Where(t => !t.NeedsValue).Select(Start).Distinct());
        var seen = new HashSet<string>(queue, StringComparer.OrdinalIgnoreCase);
        var perTemplate = new Dictionary<string, int>();
        var visitedTemplates = new HashSet<string>();
        var forms = new List<FoundForm>();
        var formKeys = new HashSet<string>();
        while (queue.TryDequeue(out var url))
        {
            var path = url.Split('?')[0];
            var template = templates.FirstOrDefault(t => t.Pattern.IsMatch(path));
            if (template is null)
            {
                continue;
            }

            var response = await staff.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            visitedTemplates.Add(template.Template);
            var doc = await response.DocumentAsync();
            foreach (var form in doc.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                if (!string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var action = form.GetAttribute("action");
                var target = string.IsNullOrEmpty(action) ? url : action;
                var fields = FieldsOf(form);
                var key = target.Split('?')[0] + "?" + Regex.Match(target, @"handler=[^&]*").Value + "|" + string.Join(',', fields.Select(f => f.Key).Order());
                if (formKeys.Add(Regex.Replace(key, "[0-9a-fA-F-]{36}", "{id}")))
                {
                    forms.Add(new FoundForm(url, template.Template, target, string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase), fields));
                }
            }

            foreach (var link in doc.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (!link.StartsWith("/en/", StringComparison.Ordinal) || link.Contains("handler=", StringComparison.OrdinalIgnoreCase) || !seen.Add(link))
                {
                    continue;
                }

                var linked = templates.FirstOrDefault(t => t.Pattern.IsMatch(link.Split('?')[0]));
                if (linked is not null && perTemplate.GetValueOrDefault(linked.Template) < 3)
                {
                    perTemplate[linked.Template] = perTemplate.GetValueOrDefault(linked.Template) + 1;
                    queue.Enqueue(link);
                }
            }
        }

        return (forms, visitedTemplates);
    }

    /// <summary>The values a browser would send for the form as shown (its antiforgery token included).</summary>
    private static List<KeyValuePair<string, string>> FieldsOf(IElement form)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input"))
        {
            var name = input.GetAttribute("name");
            var type = input.GetAttribute("type") ?? "text";
            if (name is null || type == "file" || ((type is "checkbox" or "radio") && !input.HasAttribute("checked")))
            {
                continue;
            }

            values.Add(new(name, input.GetAttribute("value") ?? (type == "checkbox" ? "on" : "x")));
        }

        foreach (var other in form.QuerySelectorAll("textarea, select"))
        {
            if (other.GetAttribute("name") is { } name)
            {
                values.Add(new(name, other is IHtmlSelectElement s ? s.Value ?? string.Empty : other.TextContent.Length > 0 ? other.TextContent : "x"));
            }
        }

        // Buttons that carry a value (go=send, a handler's choice) are posted as when pressed: the first one.
        if (form.QuerySelector("button[name][value]") is { } button)
        {
            values.Add(new(button.GetAttribute("name")!, button.GetAttribute("value")!));
        }

        return values;
    }

    private static HttpContent Body(FoundForm form, string? token)
    {
        var fields = form.Fields.Where(f => f.Key != "__af").ToList();
        if (token is not null)
        {
            fields.Add(new("__af", token));
        }

        if (!form.Multipart)
        {
            return new FormUrlEncodedContent(fields);
        }

        var multi = new MultipartFormDataContent();
        foreach (var f in fields)
        {
            multi.Add(new StringContent(f.Value), f.Key);
        }

        return multi;
    }

    /// <summary>
    /// A digest of every row of every table the model maps, except those the site's own machinery rewrites on its own
    /// (job leases, data protection keys, the mail outbox, desk sessions sliding their expiry).
    /// </summary>
    private async Task<Dictionary<string, string>> DatabaseDigestAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
            .Where(t => !Regex.IsMatch(t, "Job|Lease|DataProtection|Outbox|Email|DeskSession", RegexOptions.IgnoreCase)).Order().ToList();
        Assert.Contains(tables, t => t == "Reports");
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var digest = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(Row(reader));
            }

            rows.Sort(StringComparer.Ordinal);
            digest[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))));
        }

        return digest;

        static string Row(DbDataReader reader)
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] b ? Convert.ToBase64String(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            return string.Join('|', cells);
        }
    }

    [Fact]
    public async Task EveryStaffForm_PostedWithoutItsToken_OrWithAnotherStaffMembersToken_IsRefused_AndChangesNothing()
    {
        app.Require();
        var templates = StaffTemplates();
        var everyRole = StaffRoles.All.ToArray();
        var victim = await app.SignInAsync(await app.CreateStaffAsync(everyRole));
        var other = await app.SignInAsync(await app.CreateStaffAsync(everyRole));
        await CreateDataAsync(victim);

        var (forms, visited) = await CrawlAsync(victim, templates);
        // Every staff page was reached (a new one that no link leads to must be added to CreateDataAsync).
        var unreached = templates.Select(t => t.Template).Distinct().Except(visited).ToList();
        Assert.True(unreached.Count == 0, "staff pages not reached: " + string.Join(", ", unreached));
        Assert.True(forms.Count >= 20, $"only {forms.Count} forms found");
        Assert.Contains(forms, f => f.Template.EndsWith("/desk/report/{id:guid}", StringComparison.Ordinal) && f.Target.Contains("handler=Status", StringComparison.Ordinal));

        // The other person's token for each form: the same form as they see it.
        var otherTokens = new Dictionary<string, string>();
        foreach (var page in forms.Select(f => f.PageUrl).Distinct())
        {
            var doc = await other.GetDocumentAsync(page);
            otherTokens[page] = doc.QuerySelector("form input[name=__af]")?.GetAttribute("value") ?? throw new InvalidOperationException($"{page}: no token for the other staff member");
        }

        var before = await DatabaseDigestAsync();
        foreach (var form in forms)
        {
            Assert.Contains(form.Fields, f => f.Key == "__af");
            foreach (var (how, token) in new[] { ("without a token", (string?)null), ("with another staff member's token", otherTokens[form.PageUrl]) })
            {
                var response = await victim.PostAsync(form.Target, Body(form, token));
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {form.Target} (form on {form.PageUrl}) {how}: {(int)response.StatusCode}");
            }
        }

        var after = await DatabaseDigestAsync();
        Assert.Equal(before.Where(kv => after[kv.Key] != kv.Value).Select(kv => kv.Key), Array.Empty<string>());

        // The same forms with the victim's own token are accepted by the antiforgery check: the refusals above were its.
        var sample = forms.First(f => f.Target.Contains("handler=Note", StringComparison.Ordinal));
        var own = await victim.PostAsync(sample.Target, Body(sample, sample.Fields.Single(f => f.Key == "__af").Value));
        Assert.NotEqual(HttpStatusCode.BadRequest, own.StatusCode);
    }
}

public sealed class StaffFormsAntiforgerySqliteTests(DeskSqliteApp app) : StaffFormsAntiforgeryTests(app), IClassFixture<DeskSqliteApp>;

public sealed class StaffFormsAntiforgeryPostgresTests(DeskPostgresApp app) : StaffFormsAntiforgeryTests(app), IClassFixture<DeskPostgresApp>;
