using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.News;

/// <summary>The public reads of News: published posts only, one language at a time.</summary>
public sealed class NewsQueries(AppDbContext db, TimeProvider clock)
{
    public sealed record PostSummary(Guid PostId, string Slug, string Title, string Summary, DateTime PublishedAt,
        Guid? CoverFileId, string CoverAlt, IReadOnlyList<string> Tags);

    public sealed record PostPage(Guid PostId, string Culture, string Slug, string Title, string Summary,
        string BodyMarkdown, DateTime PublishedAt, DateTime UpdatedAt, Guid? CoverFileId, string CoverAlt,
        IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> SlugsByCulture);

    public async Task<int> CountAsync(string culture, string? tag, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await Published(culture, tag, now).CountAsync(ct);
    }

    public async Task<IReadOnlyList<PostSummary>> LatestAsync(string culture, int skip, int take, string? tag, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await Published(culture, tag, now)
            .OrderByDescending(x => x.Post.PublishAt)
            .ThenByDescending(x => x.Post.Id)
            .Skip(skip)
            .Take(take)
            .Select(x => new
            {
                x.Post.Id,
                x.T.Slug,
                x.T.Title,
                x.T.Summary,
                PublishAt = x.Post.PublishAt!.Value,
                x.Post.CoverFileId,
                x.T.CoverAlt,
                Tags = x.Post.Tags.Select(t => t.Tag).ToList(),
            })
            .ToListAsync(ct);
        // Editors type ordinary spaces; French readers get their no-break spaces (FrenchTypography) on every list and feed.
        return rows.Select(r => new PostSummary(r.Id, r.Slug, FrenchTypography.For(culture, r.Title),
            FrenchTypography.For(culture, r.Summary), r.PublishAt, r.CoverFileId, r.CoverAlt,
            r.Tags.Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public async Task<PostPage?> FindAsync(string culture, string slug, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await Published(culture, null, now)
            .Where(x => x.T.Slug == slug)
            .Select(x => new
            {
                x.Post.Id,
                x.T.Culture,
                x.T.Slug,
                x.T.Title,
                x.T.Summary,
                x.T.BodyMarkdown,
                PublishAt = x.Post.PublishAt!.Value,
                x.Post.UpdatedAt,
                x.Post.CoverFileId,
                x.T.CoverAlt,
                Tags = x.Post.Tags.Select(t => t.Tag).ToList(),
                Slugs = x.Post.Translations.Select(t => new { t.Culture, t.Slug }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        return row is null
            ? null
            : new PostPage(row.Id, row.Culture, row.Slug, FrenchTypography.For(row.Culture, row.Title),
                FrenchTypography.For(row.Culture, row.Summary), FrenchTypography.For(row.Culture, row.BodyMarkdown), row.PublishAt,
                row.UpdatedAt, row.CoverFileId, row.CoverAlt, row.Tags.Order(StringComparer.Ordinal).ToList(),
                row.Slugs.ToDictionary(s => s.Culture, s => s.Slug));
    }

    private IQueryable<Row> Published(string culture, string? tag, DateTime now)
    {
        var posts = db.Set<Post>().AsNoTracking().Where(p => p.PublishAt != null && p.PublishAt <= now);
        if (!string.IsNullOrEmpty(tag))
        {
            posts = posts.Where(p => p.Tags.Any(t => t.Tag == tag));
        }

        return posts.SelectMany(p => p.Translations.Where(t => t.Culture == culture), (p, t) => new Row { Post = p, T = t });
    }

    private sealed class Row
    {
        public required Post Post { get; init; }

        public required PostTranslation T { get; init; }
    }
}
