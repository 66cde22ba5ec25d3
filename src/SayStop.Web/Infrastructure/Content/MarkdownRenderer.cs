using Ganss.Xss;
using Markdig;

namespace SayStop.Web.Infrastructure.Content;

/// <summary>
/// Turns an editor's Markdown into safe HTML. Raw HTML in the Markdown is escaped by Markdig, and the
/// output still goes through an allow-list sanitizer, so <c>javascript:</c> links, event handlers and
/// anything outside plain article markup never reach a visitor's browser.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? string.Empty, _pipeline);
        return _sanitizer.Sanitize(html);
    }

    /// <summary>Plain text of the Markdown, for feed summaries and meta descriptions.</summary>
    public string ToPlainText(string markdown) => Markdown.ToPlainText(markdown ?? string.Empty, _pipeline).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "del", "blockquote", "a", "code",
                "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options);
        // Links to other sites must not learn where the reader came from (no-referrer is also a header).
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a && a.GetAttribute("href") is { } href
                && (href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
