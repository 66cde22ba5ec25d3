using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>How a card is answered, which decides how it is graded.</summary>
public enum CardKind
{
    /// <summary>Recall the answer, then grade yourself Again, Hard, Good or Easy.</summary>
    QuestionAnswer = 0,

    /// <summary>Pick the right answer; graded automatically (wrong = Again, right = Good).</summary>
    MultipleChoice = 1,

    /// <summary>True or false; graded automatically.</summary>
    TrueFalse = 2,

    /// <summary>"What would you do?": pick a reaction, each with its own feedback; graded automatically.</summary>
    Scenario = 3,
}

/// <summary>One card of a deck. Its texts live in <see cref="CardTranslation"/>, one row per language.</summary>
public sealed class Card
{
    public const int MaxKey = 40;

    public Guid Id { get; set; }

    public Guid DeckId { get; set; }

    /// <summary>Stable name within the deck, so re-seeding or importing can recognise a card.</summary>
    public string Key { get; set; } = string.Empty;

    public CardKind Kind { get; set; }

    public int Position { get; set; }

    public List<CardTranslation> Translations { get; set; } = [];

    public List<CardChoice> Choices { get; set; } = [];

    /// <summary>When an author retired the card: learners no longer see it; their states and reviews are kept.</summary>
    public DateTime? RetiredAt { get; set; }

    /// <summary>
    /// Kept from learners: retired, or not yet written in all three languages (an author's draft). Set by
    /// <see cref="CardAuthoring"/> whenever a card is saved.
    /// </summary>
    public bool IsHidden { get; set; }

    /// <summary>Graded by the site rather than by the learner.</summary>
    public bool IsAutoGraded => Kind != CardKind.QuestionAnswer;
}

public sealed class CardTranslation
{
    public const int MaxPrompt = 1000;
    public const int MaxAnswer = 1000;
    public const int MaxExplanation = 1500;

    public Guid CardId { get; set; }

    public string Culture { get; set; } = string.Empty;

    public string Prompt { get; set; } = string.Empty;

    /// <summary>The answer side of a question-and-answer card; empty for cards with choices.</summary>
    public string Answer { get; set; } = string.Empty;

    /// <summary>Why: shown after every answer, right or wrong.</summary>
    public string Explanation { get; set; } = string.Empty;
}

/// <summary>A possible answer of a choice card. A card may declare more than one right choice.</summary>
public sealed class CardChoice
{
    public Guid Id { get; set; }

    public Guid CardId { get; set; }

    public int Position { get; set; }

    public bool IsCorrect { get; set; }

    public List<CardChoiceTranslation> Translations { get; set; } = [];
}

public sealed class CardChoiceTranslation
{
    public const int MaxText = 500;
    public const int MaxFeedback = 1000;

    public Guid ChoiceId { get; set; }

    public string Culture { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    /// <summary>What this choice leads to ("good: you noted who, where, when…"); may be empty.</summary>
    public string Feedback { get; set; } = string.Empty;
}

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> b)
    {
        b.ToTable("Go4TipsCards");
        b.HasKey(c => c.Id);
        b.Property(c => c.Key).HasMaxLength(Card.MaxKey).IsRequired();
        b.HasIndex(c => new { c.DeckId, c.Key }).IsUnique();
        b.HasIndex(c => new { c.DeckId, c.Position });
        b.HasIndex(c => new { c.DeckId, c.IsHidden });
        b.Ignore(c => c.IsAutoGraded);
        b.HasMany(c => c.Translations).WithOne().HasForeignKey(t => t.CardId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Choices).WithOne().HasForeignKey(ch => ch.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CardTranslationConfiguration : IEntityTypeConfiguration<CardTranslation>
{
    public void Configure(EntityTypeBuilder<CardTranslation> b)
    {
        b.ToTable("Go4TipsCardTranslations");
        b.HasKey(t => new { t.CardId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(5);
        b.Property(t => t.Prompt).HasMaxLength(CardTranslation.MaxPrompt).IsRequired();
        b.Property(t => t.Answer).HasMaxLength(CardTranslation.MaxAnswer).IsRequired();
        b.Property(t => t.Explanation).HasMaxLength(CardTranslation.MaxExplanation).IsRequired();
    }
}

internal sealed class CardChoiceConfiguration : IEntityTypeConfiguration<CardChoice>
{
    public void Configure(EntityTypeBuilder<CardChoice> b)
    {
        b.ToTable("Go4TipsCardChoices");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.CardId, c.Position }).IsUnique();
        b.HasMany(c => c.Translations).WithOne().HasForeignKey(t => t.ChoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CardChoiceTranslationConfiguration : IEntityTypeConfiguration<CardChoiceTranslation>
{
    public void Configure(EntityTypeBuilder<CardChoiceTranslation> b)
    {
        b.ToTable("Go4TipsCardChoiceTranslations");
        b.HasKey(t => new { t.ChoiceId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(5);
        b.Property(t => t.Text).HasMaxLength(CardChoiceTranslation.MaxText).IsRequired();
        b.Property(t => t.Feedback).HasMaxLength(CardChoiceTranslation.MaxFeedback).IsRequired();
    }
}
