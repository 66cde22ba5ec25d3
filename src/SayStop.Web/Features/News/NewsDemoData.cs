using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Features.News;

/// <summary>Loads the demo posts (DemoData/posts.json, written from the NGO's own news) into an empty table.</summary>
internal static class NewsDemoData
{
    private sealed record DemoPost(string Key, DateTime PublishedAt, List<string> Tags, Dictionary<string, DemoTranslation> Translations);

    private sealed record DemoTranslation(string Slug, string Title, string Summary, string Body, string? CoverAlt);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.Set<Post>().AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(NewsDemoData).Assembly.GetManifestResourceStream(
            "SayStop.Web.Features.News.DemoData.posts.json");
        if (stream is null)
        {
            return;
        }

        var posts = await JsonSerializer.DeserializeAsync<List<DemoPost>>(stream, JsonOptions, ct) ?? [];
        foreach (var d in posts)
        {
            var id = Guid.CreateVersion7();
            var published = DateTime.SpecifyKind(d.PublishedAt.ToUniversalTime(), DateTimeKind.Utc);
            db.Add(new Post
            {
                Id = id,
                CreatedAt = published,
                UpdatedAt = published,
                PublishAt = published,
                AuthorEmail = "demo",
                Tags = d.Tags.Distinct().Select(t => new PostTag { PostId = id, Tag = t }).ToList(),
                Translations = d.Translations.Select(kv => new PostTranslation
                {
                    Id = Guid.CreateVersion7(),
                    PostId = id,
                    Culture = kv.Key,
                    Slug = kv.Value.Slug,
                    Title = kv.Value.Title,
                    Summary = kv.Value.Summary,
                    BodyMarkdown = kv.Value.Body,
                    CoverAlt = kv.Value.CoverAlt ?? string.Empty,
                }).ToList(),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
