using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>The learner's own progress: the review calendar, the streak, how much they still remember, and what is coming.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ProgressModel(LearnerProfile profiles, AppDbContext db, TimeProvider clock, Texts texts) : PageModel
{
    public const int ForecastDays = 30;

    public int TotalReviews { get; private set; }

    public int ActiveDays { get; private set; }

    public int Streak { get; private set; }

    /// <summary>Share of reviews of graduated cards answered right in the last 30 days, or null with none.</summary>
    public double? TrueRetention { get; private set; }

    public int RetentionSample { get; private set; }

    /// <summary>Mean probability of recall, now, of the cards in review.</summary>
    public double? MeanRetrievability { get; private set; }

    public double DesiredRetention { get; private set; }

    public IReadOnlyList<int> DuePerDay { get; private set; } = [];

    public IHtmlContent Heatmap { get; private set; } = HtmlString.Empty;

    public IHtmlContent Forecast { get; private set; } = HtmlString.Empty;

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var learner = profiles.Read(HttpContext);
        var settings = await profiles.SettingsAsync(learner, ct);
        DesiredRetention = settings.DesiredRetention;
        var days = Go4TipsScheduling.Days;
        var now = clock.GetUtcNow();
        Today = DateOnly.FromDayNumber(days.DayNumber(now));
        var since = now.UtcDateTime.AddDays(-7 * (ProgressCharts.HeatmapWeeks + 1));
        var reviews = learner is { } id
            ? await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == id && r.ReviewedAt >= since)
                .Select(r => new { r.CardId, r.ReviewedAt, r.StateBefore, r.Rating, r.DueAfter }).ToListAsync(ct)
            : [];
        var states = learner is { } id2
            ? await db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == id2).ToListAsync(ct)
            : [];

        var perDay = reviews.GroupBy(r => DateOnly.FromDayNumber(days.DayNumber(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero))))
            .ToDictionary(g => g.Key, g => g.Count());
        TotalReviews = reviews.Count;
        ActiveDays = perDay.Count;
        var dueDays = DaysWithCardsDue(
            reviews.Select(r => (r.CardId, Day(r.ReviewedAt), Day(r.DueAfter))),
            days.DayNumber(now));
        Streak = StreakFrom(perDay.Keys.ToHashSet(), dueDays, Today);

        var recent = reviews.Where(r => r.StateBefore == CardState.Review && r.ReviewedAt >= now.UtcDateTime.AddDays(-30)).ToList();
        RetentionSample = recent.Count;
        TrueRetention = recent.Count == 0 ? null : recent.Count(r => r.Rating != Rating.Again) / (double)recent.Count;
        var scheduler = Go4TipsScheduling.For(settings.DesiredRetention);
        var inReview = states.Where(s => s.State == CardState.Review).ToList();
        MeanRetrievability = inReview.Count == 0 ? null : inReview.Average(s => scheduler.Retrievability(s.ToFsrs(), now));

        var due = new int[ForecastDays];
        var todayNumber = days.DayNumber(now);
        foreach (var s in states)
        {
            var offset = Math.Max(0, days.DayNumber(new DateTimeOffset(s.Due, TimeSpan.Zero)) - todayNumber);
            if (offset < ForecastDays)
            {
                due[offset]++;
            }
        }

        DuePerDay = due;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        Heatmap = ProgressCharts.Heatmap(perDay, Today, texts["Go4Tips.Progress.HeatmapTitle"],
            texts["Go4Tips.Progress.HeatmapDesc", TotalReviews, ActiveDays, Streak],
            (day, n) => texts["Go4Tips.Progress.DayCell", day.ToString("D", culture), n]);
        Forecast = ProgressCharts.Forecast(due, texts["Go4Tips.Progress.ForecastTitle"],
            texts["Go4Tips.Progress.ForecastDesc", due.Sum(), due[0], due.Take(7).Sum()],
            (offset, n) => texts["Go4Tips.Progress.DayCell", Today.AddDays(offset).ToString("D", culture), n]);
    }

    private static DateOnly Day(DateTime utc) =>
        DateOnly.FromDayNumber(Go4TipsScheduling.Days.DayNumber(new DateTimeOffset(utc, TimeSpan.Zero)));

    /// <summary>
    /// The learning days on which some card was due and left unanswered: from the day a review made it due until the
    /// day of its next review (or until yesterday when it is still waiting). Only those days can break a streak.
    /// </summary>
    public static IReadOnlySet<DateOnly> DaysWithCardsDue(IEnumerable<(Guid CardId, DateOnly ReviewedOn, DateOnly DueOn)> reviews, int todayNumber)
    {
        var result = new HashSet<DateOnly>();
        foreach (var card in reviews.GroupBy(r => r.CardId))
        {
            var ordered = card.OrderBy(r => r.ReviewedOn).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var until = i + 1 < ordered.Count ? ordered[i + 1].ReviewedOn.DayNumber : todayNumber;
                for (var d = Math.Max(ordered[i].DueOn.DayNumber, ordered[i].ReviewedOn.DayNumber); d < until; d++)
                {
                    result.Add(DateOnly.FromDayNumber(d));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Days in a row with at least one review, up to today. Two things do not break it: today while it is not over
    /// (the streak counts from yesterday until then), and a day on which no card was due (there was nothing to do;
    /// learners asked for this in every heatmap tool), which is skipped without being counted.
    /// </summary>
    public static int StreakFrom(IReadOnlySet<DateOnly> activeDays, IReadOnlySet<DateOnly> daysWithCardsDue, DateOnly today)
    {
        if (activeDays.Count == 0)
        {
            return 0;
        }

        var first = activeDays.Min();
        var day = activeDays.Contains(today) ? today : today.AddDays(-1);
        var streak = 0;
        for (; day >= first; day = day.AddDays(-1))
        {
            if (activeDays.Contains(day))
            {
                streak++;
            }
            else if (daysWithCardsDue.Contains(day))
            {
                break;
            }
        }

        return streak;
    }
}
