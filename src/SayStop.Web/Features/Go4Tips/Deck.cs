using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A set of cards for one audience (travellers, tourism professionals…). Seeded from Decks/*.json when the
/// table is empty, then owned by the database so editors can change wording without a release.
/// </summary>
public sealed class Deck
{
    public const int MaxKey = 40;

    public Guid Id { get; set; }

    /// <summary>The stable, language-neutral name used in URLs (/nl/go4tips/travellers/study).</summary>
    public string Key { get; set; } = string.Empty;

    public int Position { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<DeckTranslation> Translations { get; set; } = [];

    public List<Card> Cards { get; set; } = [];
}

public sealed class DeckTranslation
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 500;

    public Guid DeckId { get; set; }

    public string Culture { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;
}

internal sealed class DeckConfiguration : IEntityTypeConfiguration<Deck>
{
    public void Configure(EntityTypeBuilder<Deck> b)
    {
        b.ToTable("Go4TipsDecks");
        b.HasKey(d => d.Id);
        b.Property(d => d.Key).HasMaxLength(Deck.MaxKey).IsRequired();
        b.HasIndex(d => d.Key).IsUnique();
        b.HasMany(d => d.Translations).WithOne().HasForeignKey(t => t.DeckId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Cards).WithOne().HasForeignKey(c => c.DeckId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeckTranslationConfiguration : IEntityTypeConfiguration<DeckTranslation>
{
    public void Configure(EntityTypeBuilder<DeckTranslation> b)
    {
        b.ToTable("Go4TipsDeckTranslations");
        b.HasKey(t => new { t.DeckId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(5);
        b.Property(t => t.Title).HasMaxLength(DeckTranslation.MaxTitle).IsRequired();
        b.Property(t => t.Description).HasMaxLength(DeckTranslation.MaxDescription).IsRequired();
    }
}
