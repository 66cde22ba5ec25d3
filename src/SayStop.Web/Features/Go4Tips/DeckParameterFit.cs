using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SayStop.Fsrs;
using SayStop.Fsrs.Optimization;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>Settings of the nightly parameter fit (section <c>Go4Tips:Fit</c>).</summary>
public sealed class Go4TipsFitOptions
{
    /// <summary>A deck is fitted once its review log holds at least this many reviews…</summary>
    public int MinReviews { get; set; } = 1000;

    /// <summary>…from at least this many learners.</summary>
    public int MinLearners { get; set; } = 20;

    /// <summary>The most recent reviews read for one fit at most (bounds memory and time).</summary>
    public int MaxReviews { get; set; } = 200_000;

    /// <summary>Time one deck's fit may take; a fit stopped by it stores nothing.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Threads the optimizer may use (one by default: it runs on a web node).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>
    /// Learners with fewer reviews than this in a deck are scheduled with the deck's fitted parameters; from this many
    /// on, the defaults (their own history then says more than the crowd's, and we fit no per-learner parameters).
    /// </summary>
    public int OwnHistoryBelow { get; set; } = 500;
}

/// <summary>FSRS parameters fitted from every learner's reviews of one deck. The newest row of a deck is the one used.</summary>
public sealed class DeckParameterFit
{
    public const int MaxWeights = 600;

    public Guid Id { get; set; }

    public Guid DeckId { get; set; }

    /// <summary>The 21 FSRS-6 weights, comma-separated, invariant culture ("R" format).</summary>
    public string Weights { get; set; } = string.Empty;

    /// <summary>Reviews read for the fit (after the cap).</summary>
    public int ReviewCount { get; set; }

    public int LearnerCount { get; set; }

    /// <summary>Training items the optimizer used.</summary>
    public int ItemCount { get; set; }

    /// <summary>Full fit or initial stabilities only (<see cref="OptimizationKind"/>).</summary>
    public string Kind { get; set; } = string.Empty;

    public DateTime FittedAt { get; set; }

    public FsrsParameters Parameters() => FsrsParameters.Create(
        Weights.Split(',').Select(w => double.Parse(w, NumberStyles.Float, CultureInfo.InvariantCulture)));

    public static string Format(FsrsParameters parameters) =>
        string.Join(',', parameters.Select(w => w.ToString("R", CultureInfo.InvariantCulture)));
}

internal sealed class DeckParameterFitConfiguration : IEntityTypeConfiguration<DeckParameterFit>
{
    public void Configure(EntityTypeBuilder<DeckParameterFit> b)
    {
        b.ToTable("Go4TipsDeckParameterFits");
        b.HasKey(f => f.Id);
        b.Property(f => f.Weights).HasMaxLength(DeckParameterFit.MaxWeights).IsRequired();
        b.Property(f => f.Kind).HasMaxLength(30).IsRequired();
        b.HasIndex(f => new { f.DeckId, f.FittedAt });
        b.HasOne<Deck>().WithMany().HasForeignKey(f => f.DeckId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Picks the scheduler for one answer: the deck's newest fitted parameters for a learner whose own history in that deck
/// is short, the defaults otherwise (or when the deck has no fit). The fit in use is recorded on the review, so a replay
/// of the log knows which parameters each review was scheduled with.
/// </summary>
public sealed class DeckSchedulers(AppDbContext db, IMemoryCache cache, IOptions<Go4TipsFitOptions> options)
{
    public readonly record struct Choice(Scheduler Scheduler, Guid? FitId);

    private sealed record CachedFit(Guid Id, FsrsParameters Parameters);

    public static string CacheKey(Guid deckId) => "go4tips.fit:" + deckId.ToString("N");

    public async Task<Choice> ForAsync(Guid? learnerId, Guid deckId, double desiredRetention, CancellationToken ct)
    {
        var fit = await cache.GetOrCreateAsync(CacheKey(deckId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var row = await db.Set<DeckParameterFit>().AsNoTracking().Where(f => f.DeckId == deckId)
                .OrderByDescending(f => f.FittedAt).FirstOrDefaultAsync(ct);
            return row is null ? null : new CachedFit(row.Id, row.Parameters());
        });
        if (fit is null)
        {
            return new(Go4TipsScheduling.For(desiredRetention), null);
        }

        if (learnerId is { } id
            && await db.Set<Review>().CountAsync(r => r.LearnerId == id && r.DeckId == deckId, ct) >= options.Value.OwnHistoryBelow)
        {
            return new(Go4TipsScheduling.For(desiredRetention), null);
        }

        return new(Go4TipsScheduling.For(desiredRetention, fit.Parameters), fit.Id);
    }
}

/// <summary>
/// Nightly: for each deck with enough reviews from enough learners, fits FSRS parameters to all learners' review logs
/// with SayStop.Fsrs's optimizer (the same day boundary as the scheduler) and stores them. Runs on one node (leased).
/// Bounded: the newest <see cref="Go4TipsFitOptions.MaxReviews"/> reviews, a time budget per deck, one thread by
/// default. Logs counts only.
/// </summary>
public sealed class DeckParameterFitJob(string name = DeckParameterFitJob.DefaultName) : IScheduledJob
{
    public const string DefaultName = "go4tips.fit-parameters";

    public string Name => name;

    public TimeSpan Interval => TimeSpan.FromHours(24);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var options = services.GetRequiredService<IOptions<Go4TipsFitOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var cache = services.GetRequiredService<IMemoryCache>();
        var logger = services.GetRequiredService<ILogger<DeckParameterFitJob>>();
        var decks = await db.Set<Deck>().AsNoTracking().OrderBy(d => d.Position).Select(d => d.Id).ToListAsync(ct);
        int fitted = 0, tooFew = 0, stopped = 0;
        foreach (var deckId in decks)
        {
            var reviews = db.Set<Review>().AsNoTracking().Where(r => r.DeckId == deckId);
            if (await reviews.CountAsync(ct) < options.MinReviews
                || await reviews.Select(r => r.LearnerId).Distinct().CountAsync(ct) < options.MinLearners)
            {
                tooFew++;
                continue;
            }

            var rows = await reviews.OrderByDescending(r => r.ReviewedAt).Take(Math.Max(1, options.MaxReviews))
                .Select(r => new { r.LearnerId, r.CardId, r.ReviewedAt, r.Rating, r.StateBefore })
                .ToListAsync(ct);
            // One history per (learner, card); a history cut by the cap (its first kept review is not a new card's)
            // would mislead the optimizer, so it is left out.
            var histories = new List<RevlogEntry>(rows.Count);
            long nextId = 0;
            foreach (var pair in rows.GroupBy(r => (r.LearnerId, r.CardId)))
            {
                var ordered = pair.OrderBy(r => r.ReviewedAt).ToList();
                if (ordered[0].StateBefore != CardState.New)
                {
                    continue;
                }

                nextId++;
                histories.AddRange(ordered.Select(r => new RevlogEntry(nextId, new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
            }

            var learners = rows.Select(r => r.LearnerId).Distinct().Count();
            var cards = RevlogConverter.ToHistories(histories, Go4TipsScheduling.Days);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(options.TimeBudget);
            OptimizationResult result;
            try
            {
                var optimizer = new FsrsOptimizer(new OptimizerOptions
                {
                    MaxDegreeOfParallelism = Math.Max(1, options.Threads),
                    NumRelearningSteps = Go4TipsScheduling.Options(Learner.DefaultRetention).RelearningSteps.Count,
                });
                result = await Task.Run(() => optimizer.Fit(cards, null, budget.Token), budget.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                stopped++;
                logger.LogWarning("Go4Tips parameter fit stopped by its time budget: {Reviews} reviews, {Histories} card histories", rows.Count, cards.Count);
                continue;
            }

            if (result.Kind == OptimizationKind.Defaults)
            {
                tooFew++;
                continue;
            }

            db.Add(new DeckParameterFit
            {
                Id = Guid.CreateVersion7(),
                DeckId = deckId,
                Weights = DeckParameterFit.Format(result.Parameters),
                ReviewCount = rows.Count,
                LearnerCount = learners,
                ItemCount = result.ItemCount,
                Kind = result.Kind.ToString(),
                FittedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
            cache.Remove(DeckSchedulers.CacheKey(deckId));
            fitted++;
            logger.LogInformation("Go4Tips deck parameters fitted: {Reviews} reviews, {Learners} learners, {Items} items, {Kind}",
                rows.Count, learners, result.ItemCount, result.Kind);
        }

        logger.LogInformation("Go4Tips parameter fit: {Fitted} deck(s) fitted, {TooFew} with too few reviews, {Stopped} stopped by the time budget",
            fitted, tooFew, stopped);
    }
}
