using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Files;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;
using SayStop.Web.Infrastructure.Content;

namespace SayStop.Web.Features.News.Manage;

/// <summary>
/// Write or edit a post in one or more languages at once. Nothing typed is lost on a validation error: the
/// form comes back with every field as sent and a message beside each problem.
/// </summary>
[StreamedForm(PublicImages.MaxBytes + (2 * 1024 * 1024), PublicImages.MaxBytes, 1)]
public sealed class EditModel(
    AppDbContext db,
    PublicImages images,
    IOutputCacheStore cache,
    AuditLog audit,
    Texts texts,
    TimeProvider clock) : PageModel
{
    /// <summary>Editors think in Belgian time; the database keeps UTC.</summary>
    public static readonly TimeZoneInfo EditorTimeZone = FindZone();

    [BindProperty]
    public PostInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Cover { get; set; }

    public bool IsNew { get; private set; } = true;

    public Guid? CoverFileId { get; private set; }

    public string? PublicLink { get; private set; }

    public string? Message { get; private set; }

    public sealed class PostInput
    {
        public List<TranslationInput> Translations { get; set; } = [];

        [StringLength(300, ErrorMessage = "Validation.TooLong")]
        public string? Tags { get; set; }

        public string Publication { get; set; } = "Draft";

        [StringLength(30)]
        public string? ScheduleAt { get; set; }
    }

    public sealed class TranslationInput
    {
        public string Culture { get; set; } = string.Empty;

        [StringLength(PostTranslation.MaxTitle, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }

        [StringLength(PostTranslation.MaxSlug, ErrorMessage = "Validation.TooLong")]
        public string? Slug { get; set; }

        [StringLength(PostTranslation.MaxSummary, ErrorMessage = "Validation.TooLong")]
        public string? Summary { get; set; }

        [StringLength(PostTranslation.MaxBody, ErrorMessage = "Validation.TooLong")]
        public string? Body { get; set; }

        [StringLength(PostTranslation.MaxCoverAlt, ErrorMessage = "Validation.TooLong")]
        public string? CoverAlt { get; set; }

        public bool IsEmpty => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Summary)
                                                                 && string.IsNullOrWhiteSpace(Body) && string.IsNullOrWhiteSpace(Slug);
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is null)
        {
            Input.Translations = Cultures.All.Select(c => new TranslationInput { Culture = c }).ToList();
            return Page();
        }

        var post = await db.Set<Post>().AsNoTracking().Include(p => p.Translations).Include(p => p.Tags)
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null)
        {
            return NotFound();
        }

        IsNew = false;
        CoverFileId = post.CoverFileId;
        Input = new PostInput
        {
            Translations = Cultures.All.Select(c =>
            {
                var t = post.Translations.FirstOrDefault(x => x.Culture == c);
                return new TranslationInput
                {
                    Culture = c, Title = t?.Title, Slug = t?.Slug, Summary = t?.Summary, Body = t?.BodyMarkdown, CoverAlt = t?.CoverAlt,
                };
            }).ToList(),
            Tags = string.Join(", ", post.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)),
            Publication = post.PublishAt is null ? "Draft" : post.PublishAt > clock.GetUtcNow().UtcDateTime ? "Schedule" : "Now",
            ScheduleAt = post.PublishAt is { } at
                ? TimeZoneInfo.ConvertTimeFromUtc(at, EditorTimeZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
                : null,
        };
        SetPublicLink(post);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Post? post = null;
        if (id is not null)
        {
            post = await db.Set<Post>().Include(p => p.Translations).Include(p => p.Tags).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (post is null)
            {
                return NotFound();
            }

            IsNew = false;
            CoverFileId = post.CoverFileId;
        }

        // Only the three languages, each once, whatever the form claimed.
        Input.Translations = Cultures.All.Select(c =>
            Input.Translations.FirstOrDefault(t => t.Culture == c) ?? new TranslationInput { Culture = c }).ToList();

        var filled = new List<(int Index, TranslationInput T)>();
        for (var i = 0; i < Input.Translations.Count; i++)
        {
            var t = Input.Translations[i];
            if (t.IsEmpty)
            {
                continue;
            }

            filled.Add((i, t));
            Require(i, nameof(TranslationInput.Title), t.Title);
            Require(i, nameof(TranslationInput.Summary), t.Summary);
            Require(i, nameof(TranslationInput.Body), t.Body);
            t.Title = TextInput.Clean(t.Title);
            t.Summary = TextInput.Clean(t.Summary);
            t.CoverAlt = TextInput.Clean(t.CoverAlt);
            t.Body = TextInput.CleanMultiline(t.Body);
            t.Slug = string.IsNullOrWhiteSpace(t.Slug) ? Slugs.FromTitle(t.Title ?? string.Empty) : t.Slug.Trim().ToLowerInvariant();
            ModelState.Remove($"Input.Translations[{i}].Slug");
            if (!string.IsNullOrEmpty(t.Title) && !Slugs.IsValid(t.Slug))
            {
                ModelState.AddModelError($"Input.Translations[{i}].Slug", texts["News.Manage.SlugInvalid"]);
            }
            else if (await db.Set<PostTranslation>().AnyAsync(x => x.Culture == t.Culture && x.Slug == t.Slug && x.PostId != (post == null ? Guid.Empty : post.Id), ct))
            {
                ModelState.AddModelError($"Input.Translations[{i}].Slug", texts["News.Manage.SlugTaken"]);
            }
        }

        if (filled.Count == 0)
        {
            ModelState.AddModelError(string.Empty, texts["News.Manage.OneLanguage"]);
        }

        var tags = (Input.Tags ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Slugs.FromTitle(t)).Where(t => t.Length is > 0 and <= 40).Distinct().Take(10).ToList();

        DateTime? publishAt = null;
        switch (Input.Publication)
        {
            case "Draft":
                break;
            case "Now":
                publishAt = post?.PublishAt is { } existing && existing <= now ? existing : now;
                break;
            case "Schedule":
                if (!DateTime.TryParseExact(Input.ScheduleAt, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                    || local.Year is < 2000 or > 2100)
                {
                    ModelState.AddModelError("Input.ScheduleAt", texts["Validation.Date"]);
                }
                else
                {
                    publishAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), EditorTimeZone);
                }

                break;
            default:
                ModelState.AddModelError("Input.Publication", texts["Validation.Invalid"]);
                break;
        }

        Guid? coverId = null;
        if (Cover is { Length: > 0 })
        {
            var (check, fileId) = await images.SaveAsync(Cover, ct);
            if (check != ImageCheck.Ok)
            {
                ModelState.AddModelError(nameof(Cover), texts["Validation.Image." + check]);
            }

            coverId = fileId;
        }

        if (!ModelState.IsValid)
        {
            // The uploaded image (if any) is not kept: it was only added to the change tracker.
            db.ChangeTracker.Clear();
            return Page();
        }

        var isNew = post is null;
        if (post is null)
        {
            post = new Post { Id = Guid.CreateVersion7(), CreatedAt = now, AuthorEmail = User.Identity?.Name ?? string.Empty };
            db.Add(post);
        }

        post.UpdatedAt = now;
        var wasPublished = post.PublishAt is { } p && p <= now;
        post.PublishAt = publishAt;
        post.CoverFileId = coverId ?? post.CoverFileId;
        foreach (var culture in Cultures.All)
        {
            var input = Input.Translations.First(t => t.Culture == culture);
            var existing = post.Translations.FirstOrDefault(t => t.Culture == culture);
            if (input.IsEmpty)
            {
                if (existing is not null)
                {
                    post.Translations.Remove(existing);
                    db.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                existing = new PostTranslation { Id = Guid.CreateVersion7(), PostId = post.Id, Culture = culture };
                post.Translations.Add(existing);
                if (!isNew)
                {
                    db.Add(existing);
                }
            }

            existing.Title = input.Title!;
            existing.Slug = input.Slug!;
            existing.Summary = input.Summary!;
            existing.BodyMarkdown = input.Body!;
            existing.CoverAlt = input.CoverAlt ?? string.Empty;
        }

        var oldTags = post.Tags.Select(t => t.Tag).ToHashSet();
        foreach (var t in post.Tags.Where(t => !tags.Contains(t.Tag)).ToList())
        {
            post.Tags.Remove(t);
            db.Remove(t);
        }

        foreach (var t in tags.Where(t => !oldTags.Contains(t)))
        {
            var tag = new PostTag { PostId = post.Id, Tag = t };
            post.Tags.Add(tag);
            if (!isNew)
            {
                db.Add(tag);
            }
        }

        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(NewsModule.CacheTag, ct);
        var action = publishAt is { } pa && pa <= now && !wasPublished ? "news.published" : isNew ? "news.created" : "news.updated";
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", action, post.Id.ToString(), "status=" + Input.Publication, ct);

        return Redirect($"/{Cultures.Current}/news/manage/edit/{post.Id}?saved=1");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid? id, CancellationToken ct)
    {
        if (id is null)
        {
            return NotFound();
        }

        var deleted = await db.Set<Post>().Where(p => p.Id == id).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return NotFound();
        }

        await cache.EvictByTagAsync(NewsModule.CacheTag, ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "news.deleted", id.Value.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/news/manage");
    }

    public override void OnPageHandlerExecuted(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutedContext context)
    {
        if (Request.Query.ContainsKey("saved") && HttpMethods.IsGet(Request.Method))
        {
            Message = texts["Admin.Saved"];
        }
    }

    private void Require(int index, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError($"Input.Translations[{index}].{field}", texts["Validation.Required"]);
        }
    }

    private void SetPublicLink(Post post)
    {
        var t = post.Translations.FirstOrDefault(x => x.Culture == Cultures.Current) ?? post.Translations.FirstOrDefault();
        PublicLink = t is null ? null : $"/{t.Culture}/news/{t.Slug}";
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
