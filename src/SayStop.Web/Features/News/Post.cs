using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Infrastructure.Files;

namespace SayStop.Web.Features.News;

/// <summary>
/// A news post: one publication date and cover shared by its translations. Draft while
/// <see cref="PublishAt"/> is null, scheduled while it lies ahead, published once it has passed.
/// </summary>
public sealed class Post
{
    public Guid Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? PublishAt { get; set; }

    public Guid? CoverFileId { get; set; }

    public string AuthorEmail { get; set; } = string.Empty;

    public List<PostTranslation> Translations { get; set; } = [];

    public List<PostTag> Tags { get; set; } = [];
}

/// <summary>The post in one language. Only Markdown source is stored, never rendered markup.</summary>
public sealed class PostTranslation
{
    public const int MaxTitle = 120;
    public const int MaxSummary = 300;
    public const int MaxBody = 50_000;
    public const int MaxSlug = Infrastructure.Content.Slugs.MaxLength;
    public const int MaxCoverAlt = 200;

    public Guid Id { get; set; }

    public Guid PostId { get; set; }

    public string Culture { get; set; } = string.Empty;

    public string Slug { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Summary { get; set; } = string.Empty;

    public string BodyMarkdown { get; set; } = string.Empty;

    public string CoverAlt { get; set; } = string.Empty;
}

public sealed class PostTag
{
    public Guid PostId { get; set; }

    public string Tag { get; set; } = string.Empty;
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.ToTable("Posts");
        b.HasKey(p => p.Id);
        b.Property(p => p.AuthorEmail).HasMaxLength(320);
        b.HasIndex(p => p.PublishAt);
        b.HasMany(p => p.Translations).WithOne().HasForeignKey(t => t.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Tags).WithOne().HasForeignKey(t => t.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StoredFile>().WithMany().HasForeignKey(p => p.CoverFileId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PostTranslationConfiguration : IEntityTypeConfiguration<PostTranslation>
{
    public void Configure(EntityTypeBuilder<PostTranslation> b)
    {
        b.ToTable("PostTranslations");
        b.HasKey(t => t.Id);
        b.Property(t => t.Culture).HasMaxLength(5).IsRequired();
        b.Property(t => t.Slug).HasMaxLength(PostTranslation.MaxSlug).IsRequired();
        b.Property(t => t.Title).HasMaxLength(PostTranslation.MaxTitle).IsRequired();
        b.Property(t => t.Summary).HasMaxLength(PostTranslation.MaxSummary).IsRequired();
        b.Property(t => t.BodyMarkdown).HasMaxLength(PostTranslation.MaxBody).IsRequired();
        b.Property(t => t.CoverAlt).HasMaxLength(PostTranslation.MaxCoverAlt).IsRequired();
        b.HasIndex(t => new { t.Culture, t.Slug }).IsUnique();
        b.HasIndex(t => new { t.PostId, t.Culture }).IsUnique();
    }
}

internal sealed class PostTagConfiguration : IEntityTypeConfiguration<PostTag>
{
    public void Configure(EntityTypeBuilder<PostTag> b)
    {
        b.ToTable("PostTags");
        b.HasKey(t => new { t.PostId, t.Tag });
        b.Property(t => t.Tag).HasMaxLength(40);
        b.HasIndex(t => t.Tag);
    }
}
