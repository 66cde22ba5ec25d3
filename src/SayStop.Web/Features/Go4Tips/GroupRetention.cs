using Microsoft.EntityFrameworkCore;
using SayStop.Fsrs;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// How much a training group still remembers, week by week after the training: the share of recall attempts
/// (answers to cards seen before) that succeeded. Aggregates only, and nothing below <see cref="MinimumMembers"/>
/// members, so a trainer never sees one participant's answers.
/// </summary>
public sealed class GroupRetention(AppDbContext db)
{
    public const int MinimumMembers = 5;
    public const int WeekDays = 7;

    public sealed record Point(int FromDay, int ToDay, int Attempts, int Recalled)
    {
        public double Retention => Attempts == 0 ? 0 : (double)Recalled / Attempts;
    }

    public sealed record ForgottenCard(Guid CardId, string Prompt, int Attempts, int Forgotten);

    public sealed record Report(int Members, IReadOnlyList<Point> Curve, IReadOnlyList<ForgottenCard> MostForgotten);

    public async Task<Report> ForAsync(TrainingGroup group, string culture, CancellationToken ct)
    {
        var members = await db.Set<GroupMember>().CountAsync(m => m.GroupId == group.Id, ct);
        if (members < MinimumMembers)
        {
            return new Report(members, [], []);
        }

        var attempts = await db.Set<Review>().AsNoTracking()
            .Where(r => r.DeckId == group.DeckId && r.StateBefore != CardState.New
                        && db.Set<GroupMember>().Any(m => m.GroupId == group.Id && m.LearnerId == r.LearnerId))
            .Select(r => new { r.CardId, r.ReviewedAt, r.Rating })
            .ToListAsync(ct);
        var trainingDay = Go4TipsScheduling.Days.DayNumber(new DateTimeOffset(group.TrainedOn, TimeSpan.Zero));
        var curve = attempts
            .Select(a => new { Day = Go4TipsScheduling.Days.DayNumber(new DateTimeOffset(a.ReviewedAt, TimeSpan.Zero)) - trainingDay, a.Rating })
            .Where(a => a.Day >= 0)
            .GroupBy(a => a.Day / WeekDays)
            .OrderBy(g => g.Key)
            .Select(g => new Point(g.Key * WeekDays, (g.Key * WeekDays) + WeekDays - 1, g.Count(), g.Count(a => a.Rating != Rating.Again)))
            .ToList();
        var forgotten = attempts.GroupBy(a => a.CardId)
            .Select(g => new { CardId = g.Key, Attempts = g.Count(), Forgotten = g.Count(a => a.Rating == Rating.Again) })
            .Where(c => c.Forgotten > 0)
            .OrderByDescending(c => (double)c.Forgotten / c.Attempts).ThenByDescending(c => c.Forgotten)
            .Take(5)
            .ToList();
        var ids = forgotten.Select(f => f.CardId).ToList();
        var prompts = await db.Set<CardTranslation>().AsNoTracking().Where(t => ids.Contains(t.CardId) && t.Culture == culture)
            .ToDictionaryAsync(t => t.CardId, t => t.Prompt, ct);
        return new Report(members, curve,
            forgotten.Select(f => new ForgottenCard(f.CardId, prompts.GetValueOrDefault(f.CardId, string.Empty), f.Attempts, f.Forgotten)).ToList());
    }
}
