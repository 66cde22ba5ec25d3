using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Features.Statistics;

/// <summary>A count as published: the number, or null when it is below the minimum and must not be shown.</summary>
public readonly record struct ShownCount(int? Value)
{
    public bool Hidden => Value is null;
}

public sealed record CountryRow(string? Country, ShownCount BeingHandled, ShownCount Completed);

public sealed record MonthRow(DateOnly Month, ShownCount Received, ShownCount Completed);

public sealed record StatisticsView(IReadOnlyList<CountryRow> Countries, IReadOnlyList<MonthRow> Months, int MinimumShown);

/// <summary>
/// The public page's numbers: reports still on the desk counted from the Reports table's clear columns, completed
/// cases from the statistics rows that deleted reports leave. Only aggregates leave this class: a country whose
/// total is below the minimum is folded into "other countries" (so the page never says "there is a report about
/// country X"), and any cell below the minimum, zero included, is hidden.
/// </summary>
public sealed class PublicStatistics(AppDbContext db, StatisticsOptions options, TimeProvider clock)
{
    public const int MonthsShown = 12;

    public async Task<StatisticsView> LoadAsync(CancellationToken ct = default)
    {
        var min = options.MinimumShown;
        var handled = await db.Set<Report>().AsNoTracking().GroupBy(r => r.Country)
            .Select(g => new { Country = g.Key, Count = g.Count() }).ToListAsync(ct);
        var completed = await db.Set<ReportStatistic>().AsNoTracking().GroupBy(s => s.Country)
            .Select(g => new { Country = g.Key, Count = g.Count() }).ToListAsync(ct);

        var byCountry = handled.Select(h => h.Country).Union(completed.Select(c => c.Country), StringComparer.Ordinal)
            .Select(code => (Code: code,
                Handled: handled.FirstOrDefault(h => h.Country == code)?.Count ?? 0,
                Completed: completed.FirstOrDefault(c => c.Country == code)?.Count ?? 0))
            .ToList();
        var rows = byCountry.Where(c => c.Handled + c.Completed >= min)
            .Select(c => new CountryRow(c.Code, Show(c.Handled, min), Show(c.Completed, min)))
            .ToList();
        var small = byCountry.Where(c => c.Handled + c.Completed < min).ToList();
        if (small.Count > 0)
        {
            rows.Add(new CountryRow(null, Show(small.Sum(c => c.Handled), min), Show(small.Sum(c => c.Completed), min)));
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-(MonthsShown - 1));
        var received = await db.Set<Report>().AsNoTracking().Where(r => r.ReceivedOn >= first)
            .GroupBy(r => new { r.ReceivedOn.Year, r.ReceivedOn.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() }).ToListAsync(ct);
        var firstMonth = ReportStatistic.MonthOf(first);
        var done = (await db.Set<ReportStatistic>().AsNoTracking().GroupBy(s => s.Month)
                .Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct))
            .Where(m => string.CompareOrdinal(m.Month, firstMonth) >= 0)
            .ToDictionary(m => m.Month, m => m.Count, StringComparer.Ordinal);

        // A young installation has no past: the table starts at the first month with a report (open or completed),
        // not at twelve identical "fewer than 5" rows reaching back before the site existed.
        var withData = received.Select(r => new DateOnly(r.Year, r.Month, 1))
            .Concat(done.Keys.Select(k => DateOnly.ParseExact(k + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var start = withData.Count == 0 ? today.AddMonths(1) : withData.Min();
        var months = new List<MonthRow>();
        for (var m = start; m <= today; m = m.AddMonths(1))
        {
            var key = ReportStatistic.MonthOf(m);
            var stillOpen = received.FirstOrDefault(r => r.Year == m.Year && r.Month == m.Month)?.Count ?? 0;
            var closed = done.GetValueOrDefault(key);
            months.Add(new MonthRow(m, Show(stillOpen + closed, min), Show(closed, min)));
        }

        months.Reverse();
        return new StatisticsView(
            rows.OrderBy(r => r.Country is null).ThenBy(r => r.Country, StringComparer.Ordinal).ToList(),
            months,
            min);
    }

    private static ShownCount Show(int count, int min) => new(count >= min ? count : null);
}
