using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Content;

namespace SayStop.Web.Features.News;

[OutputCache(PolicyName = NewsModule.CachePolicy)]
public sealed class PostModel(NewsQueries news, MarkdownRenderer markdown) : PageModel
{
    public NewsQueries.PostPage? Post { get; private set; }

    /// <summary>Sanitised HTML rendered from the stored Markdown (see <see cref="MarkdownRenderer"/>).</summary>
    public string BodyHtml { get; private set; } = string.Empty;

    /// <summary>Where the language switcher goes: the linked translation, or that language's news list.</summary>
    public Dictionary<string, string> Alternates { get; } = [];

    public List<(string Culture, string Href)> OtherLanguages { get; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (slug.Length > PostTranslation.MaxSlug)
        {
            return NotFound();
        }

        var culture = Cultures.Current;
        Post = await news.FindAsync(culture, slug, ct);
        if (Post is null)
        {
            return NotFound();
        }

        BodyHtml = markdown.ToHtml(Post.BodyMarkdown);
        foreach (var c in Cultures.All)
        {
            if (Post.SlugsByCulture.TryGetValue(c, out var s))
            {
                Alternates[c] = $"/{c}/news/{s}";
                if (c != culture)
                {
                    OtherLanguages.Add((c, Alternates[c]));
                }
            }
            else
            {
                Alternates[c] = $"/{c}/news";
            }
        }

        return Page();
    }
}
