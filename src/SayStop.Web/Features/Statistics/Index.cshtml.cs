using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Statistics;

/// <summary>
/// The public statistics: aggregates only (no per-report data ever reaches this page), so it is cached like any
/// public page and carries no cookie.
/// </summary>
[OutputCache(Duration = 300)]
public sealed class StatisticsModel(PublicStatistics statistics, Texts texts) : PageModel
{
    public StatisticsView View { get; private set; } = new([], [], 5);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await statistics.LoadAsync(ct);
        // Countries in the visitor's alphabet; "other countries" last.
        View = view with
        {
            Countries = view.Countries
                .OrderBy(r => r.Country is null)
                .ThenBy(r => CountryName(r.Country), StringComparer.Create(Cultures.Specific(Cultures.Current), ignoreCase: true))
                .ToList(),
        };
    }

    /// <summary>The map's shade of a country: by its published figures, relative to the largest; 0 when it has no row.</summary>
    public int Shade(string code)
    {
        _totals ??= View.Countries.Where(r => r.Country is not null)
            .ToDictionary(r => r.Country!, r => Math.Max(1, (r.BeingHandled.Value ?? 0) + (r.Completed.Value ?? 0)), StringComparer.Ordinal);
        return _totals.TryGetValue(code, out var total) ? WorldMap.Shade(total, _totals.Values.Max()) : 0;
    }

    private Dictionary<string, int>? _totals;

    public string CountryName(string? code) =>
        code is null ? texts["Statistics.OtherCountries"] : Countries.IsKnown(code) ? Countries.Name(texts, code) : code;

    public string Count(ShownCount count) =>
        count.Value is { } n ? n.ToString("N0", Cultures.Specific(Cultures.Current)) : texts["Statistics.FewerThan", View.MinimumShown];
}
