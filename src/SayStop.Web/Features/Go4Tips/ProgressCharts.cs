using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The progress charts as inline SVG drawn on the server: no script, no chart library, nothing from another host.
/// Each chart is one image for assistive technology (role="img" with a title and a description that states what
/// it shows in words); colours come from classes in go4tips.css because the CSP forbids inline styles.
/// </summary>
public static class ProgressCharts
{
    public const int HeatmapWeeks = 26;
    private const int Cell = 12;
    private const int Gap = 3;

    /// <summary>Reviews per learning day over the last <see cref="HeatmapWeeks"/> weeks, one column per week (Monday on top).</summary>
    public static IHtmlContent Heatmap(IReadOnlyDictionary<DateOnly, int> reviewsPerDay, DateOnly today, string title, string description,
        Func<DateOnly, int, string> cellLabel)
    {
        var firstMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - (7 * (HeatmapWeeks - 1)));
        var width = (HeatmapWeeks * (Cell + Gap)) + Gap;
        var height = (7 * (Cell + Gap)) + Gap;
        var max = Math.Max(1, reviewsPerDay.Where(kv => kv.Key >= firstMonday && kv.Key <= today).Select(kv => kv.Value).DefaultIfEmpty(0).Max());
        var sb = Open("heatmap", "go4tips-heatmap", width, height, title, description);
        for (var day = firstMonday; day <= today; day = day.AddDays(1))
        {
            var week = (day.DayNumber - firstMonday.DayNumber) / 7;
            var weekday = ((int)day.DayOfWeek + 6) % 7;
            var count = reviewsPerDay.TryGetValue(day, out var n) ? n : 0;
            // Four steps relative to the busiest day, so a light learner still sees contrast.
            var level = count == 0 ? 0 : Math.Clamp((int)Math.Ceiling(4.0 * count / max), 1, 4);
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"heat-{level}\" x=\"{Gap + (week * (Cell + Gap))}\" y=\"{Gap + (weekday * (Cell + Gap))}\" width=\"{Cell}\" height=\"{Cell}\" rx=\"2\" data-day=\"{day:yyyy-MM-dd}\" data-count=\"{count}\"><title>")
                .Append(Encode(cellLabel(day, count))).Append("</title></rect>");
        }

        return Close(sb);
    }

    /// <summary>Cards falling due on each of the coming days (overdue cards count for today), as bars.</summary>
    public static IHtmlContent Forecast(IReadOnlyList<int> duePerDay, string title, string description, Func<int, int, string> barLabel)
    {
        const int barWidth = 14;
        const int chartHeight = 120;
        const int baseline = chartHeight + 4;
        var width = (duePerDay.Count * (barWidth + Gap)) + Gap;
        var max = Math.Max(1, duePerDay.DefaultIfEmpty(0).Max());
        var sb = Open("forecast", "go4tips-forecast", width, baseline + 16, title, description);
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"0\" y1=\"{baseline}\" x2=\"{width}\" y2=\"{baseline}\"/>");
        for (var i = 0; i < duePerDay.Count; i++)
        {
            var h = duePerDay[i] == 0 ? 0 : Math.Max(2, (int)Math.Round((double)chartHeight * duePerDay[i] / max));
            var x = Gap + (i * (barWidth + Gap));
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x}\" y=\"{baseline - h}\" width=\"{barWidth}\" height=\"{h}\" data-count=\"{duePerDay[i]}\"><title>")
                .Append(Encode(barLabel(i, duePerDay[i]))).Append("</title></rect>");
            if (i % 7 == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x}\" y=\"{baseline + 13}\">+{i}</text>");
            }
        }

        return Close(sb);
    }

    /// <summary>A group's share of successful recalls per week since the training, as bars on a 0 to 100 % scale.</summary>
    public static IHtmlContent RetentionCurve(IReadOnlyList<GroupRetention.Point> points, string title, string description, Func<GroupRetention.Point, string> barLabel)
    {
        const int barWidth = 28;
        const int chartHeight = 120;
        const int top = 6;
        const int baseline = chartHeight + top;
        var width = Math.Max(1, points.Count) * (barWidth + 8) + 8;
        var sb = Open("retention-curve", "go4tips-retention", width, baseline + 16, title, description);
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"0\" y1=\"{baseline}\" x2=\"{width}\" y2=\"{baseline}\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var h = (int)Math.Round(chartHeight * p.Retention);
            var x = 8 + (i * (barWidth + 8));
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x}\" y=\"{baseline - h}\" width=\"{barWidth}\" height=\"{h}\" data-retention=\"{p.Retention:0.###}\"><title>")
                .Append(Encode(barLabel(p))).Append("</title></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x}\" y=\"{baseline + 13}\">{p.FromDay}</text>");
        }

        return Close(sb);
    }

    private static StringBuilder Open(string id, string cssClass, int width, int height, string title, string description)
    {
        var sb = new StringBuilder(8192);
        sb.Append(CultureInfo.InvariantCulture,
                $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {cssClass}\" id=\"{id}\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"{id}-title {id}-desc\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">").Append(Encode(title)).Append("</title>")
            .Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">").Append(Encode(description)).Append("</desc>");
        return sb;
    }

    private static HtmlString Close(StringBuilder sb) => new(sb.Append("</svg>").ToString());

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
