using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>Submits a page's own form as a browser would: its action, its hidden fields, its antiforgery token.</summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}");
        return Parser.ParseDocument(html);
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>GETs <paramref name="pageUrl"/>, fills the form matched by <paramref name="formSelector"/>, posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IDictionary<string, string> fields,
        string formSelector = "main form", IDictionary<string, (byte[] Bytes, string FileName, string ContentType)>? files = null)
    {
        var doc = await client.GetDocumentAsync(pageUrl);
        return await client.SubmitAsync(doc, pageUrl, fields, formSelector, files);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument doc, string pageUrl, IDictionary<string, string> fields,
        string formSelector = "main form", IDictionary<string, (byte[] Bytes, string FileName, string ContentType)>? files = null)
    {
        var form = doc.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input"))
        {
            var name = input.GetAttribute("name");
            var type = input.GetAttribute("type") ?? "text";
            if (name is null || type == "file" || fields.ContainsKey(name))
            {
                continue;
            }

            if ((type is "checkbox" or "radio") && !input.HasAttribute("checked"))
            {
                continue;
            }

            values.Add(new(name, input.GetAttribute("value") ?? (type == "checkbox" ? "on" : string.Empty)));
        }

        foreach (var ta in form.QuerySelectorAll("textarea, select"))
        {
            var name = ta.GetAttribute("name");
            if (name is not null && !fields.ContainsKey(name))
            {
                var v = ta is IHtmlSelectElement s ? s.Value ?? string.Empty : ta.TextContent;
                values.Add(new(name, v));
            }
        }

        values.AddRange(fields);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        HttpContent content;
        if (files is not null || string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var multi = new MultipartFormDataContent();
            foreach (var kv in values)
            {
                multi.Add(new StringContent(kv.Value), kv.Key);
            }

            foreach (var (name, file) in files ?? new Dictionary<string, (byte[], string, string)>())
            {
                var bytes = new ByteArrayContent(file.Bytes);
                bytes.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
                multi.Add(bytes, name, file.FileName);
            }

            content = multi;
        }
        else
        {
            content = new FormUrlEncodedContent(values);
        }

        return await client.PostAsync(target, content);
    }

    public static async Task<IHtmlDocument> DocumentAsync(this HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Signs a staff member in through the real pages: password, then the authenticator code.</summary>
    public static async Task<HttpClient> SignInAsync(this SayStopApp app, StaffCredentials who, string culture = "en")
    {
        var client = app.Client();
        var first = await client.SubmitAsync($"/{culture}/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var twoFactorUrl = first.Headers.Location!.ToString();
        Assert.Contains("/account/two-factor", twoFactorUrl, StringComparison.Ordinal);
        var second = await client.SubmitAsync(twoFactorUrl, new Dictionary<string, string> { ["Code"] = who.CurrentCode() });
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, $"second factor refused: {(int)second.StatusCode} {await second.Content.ReadAsStringAsync()}");
        return client;
    }
}
