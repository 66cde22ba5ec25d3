using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Fsrs;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The scheduling state of one card for one learner: the FSRS card, stored column by column so the due
/// queue and the forecast are plain indexed queries.
/// </summary>
public sealed class LearnerCard
{
    public Guid LearnerId { get; set; }

    public Guid CardId { get; set; }

    /// <summary>Copied from the card so "due in this deck" needs no join.</summary>
    public Guid DeckId { get; set; }

    public DateTime Due { get; set; }

    public double Stability { get; set; }

    public double Difficulty { get; set; }

    public CardState State { get; set; }

    public int Step { get; set; }

    public DateTime? LastReview { get; set; }

    public int Reps { get; set; }

    public int Lapses { get; set; }

    public int ScheduledDays { get; set; }

    public int ElapsedDays { get; set; }

    /// <summary>
    /// Bumped by every answer and carried by the answer form: an answer for an older version was already
    /// counted (a double click, a replayed post) and is not counted again. Also the optimistic concurrency token.
    /// </summary>
    public int Version { get; set; }

    public SayStop.Fsrs.Card ToFsrs() => new()
    {
        Due = new DateTimeOffset(Due, TimeSpan.Zero),
        Stability = Stability,
        Difficulty = Difficulty,
        State = State,
        Step = Step,
        LastReview = LastReview is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null,
        Reps = Reps,
        Lapses = Lapses,
        ScheduledDays = ScheduledDays,
        ElapsedDays = ElapsedDays,
    };

    public void Apply(SayStop.Fsrs.Card card)
    {
        Due = card.Due.UtcDateTime;
        Stability = card.Stability;
        Difficulty = card.Difficulty;
        State = card.State;
        Step = card.Step;
        LastReview = card.LastReview?.UtcDateTime;
        Reps = card.Reps;
        Lapses = card.Lapses;
        ScheduledDays = card.ScheduledDays;
        ElapsedDays = card.ElapsedDays;
    }
}

/// <summary>One answer, appended to the review log and never changed: the history FSRS can replay or fit.</summary>
public sealed class Review
{
    public Guid Id { get; set; }

    public Guid LearnerId { get; set; }

    public Guid CardId { get; set; }

    public Guid DeckId { get; set; }

    public Rating Rating { get; set; }

    /// <summary>For choice cards, the position of the choice picked (its feedback is shown again after the redirect).</summary>
    public int? ChoicePosition { get; set; }

    public DateTime ReviewedAt { get; set; }

    public int ElapsedDays { get; set; }

    public CardState StateBefore { get; set; }

    public CardState StateAfter { get; set; }

    public int ScheduledDays { get; set; }

    public double Stability { get; set; }

    public double Difficulty { get; set; }

    public DateTime DueAfter { get; set; }

    // --- Offline answers and fitted parameters ---

    /// <summary>For an answer made in the offline app: the id the browser gave it, so a re-sent batch counts once.</summary>
    public Guid? ClientId { get; set; }

    /// <summary>The deck's fitted parameters this review was scheduled with (<see cref="DeckParameterFit"/>); null: the defaults.</summary>
    public Guid? ParametersFitId { get; set; }
}

internal sealed class LearnerCardConfiguration : IEntityTypeConfiguration<LearnerCard>
{
    public void Configure(EntityTypeBuilder<LearnerCard> b)
    {
        b.ToTable("Go4TipsLearnerCards");
        b.HasKey(c => new { c.LearnerId, c.CardId });
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.LearnerId, c.DeckId, c.Due });
        b.HasIndex(c => new { c.LearnerId, c.Due });
        b.HasOne<Learner>().WithMany().HasForeignKey(c => c.LearnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Card>().WithMany().HasForeignKey(c => c.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("Go4TipsReviews");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.LearnerId, r.ReviewedAt });
        b.HasIndex(r => new { r.LearnerId, r.CardId, r.ReviewedAt });
        // An offline answer is counted once per learner, whatever how often the browser sends it.
        b.HasIndex(r => new { r.LearnerId, r.ClientId }).IsUnique();
        b.HasOne<Learner>().WithMany().HasForeignKey(r => r.LearnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Card>().WithMany().HasForeignKey(r => r.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}
