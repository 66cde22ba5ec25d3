using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Go4Tips.Manage;

/// <summary>
/// One group for its trainer: the join code and its QR code, the member count, and once there are enough members,
/// the group's retention by week since the training, the cards most often forgotten, and a CSV of the curve.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class GroupModel(AppDbContext db, GroupRetention retention, Texts texts) : PageModel
{
    public TrainingGroup Group { get; private set; } = null!;

    public string DeckTitle { get; private set; } = string.Empty;

    public string JoinUrl { get; private set; } = string.Empty;

    public string QrDataUri { get; private set; } = string.Empty;

    public GroupRetention.Report Report { get; private set; } = new(0, [], []);

    public IHtmlContent Chart { get; private set; } = HtmlString.Empty;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        JoinUrl = $"{SiteUrls.Base(HttpContext)}/{Cultures.Current}/go4tips/join?code={Group.JoinCode}";
        using (var generator = new QRCodeGenerator())
        using (var data = generator.CreateQrCode(JoinUrl, QRCodeGenerator.ECCLevel.M))
        {
            QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        }

        if (Report.Curve.Count > 0)
        {
            var culture = CultureInfo.CurrentCulture;
            Chart = ProgressCharts.RetentionCurve(Report.Curve, texts["Go4Tips.Group.CurveTitle"],
                texts["Go4Tips.Group.CurveDesc", Report.Curve[0].Retention.ToString("P0", culture), Report.Curve[^1].Retention.ToString("P0", culture), Report.Curve[^1].FromDay],
                p => texts["Go4Tips.Group.CurveBar", p.FromDay, p.ToDay, p.Retention.ToString("P0", culture), p.Attempts]);
        }

        return Page();
    }

    /// <summary>The curve as CSV (aggregates only; refused below the minimum group size like the page itself).</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Report.Members < GroupRetention.MinimumMembers)
        {
            return NotFound();
        }

        var csv = new StringBuilder("days_since_training_from,days_since_training_to,recall_attempts,recalled,retention\r\n");
        foreach (var p in Report.Curve)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.FromDay},{p.ToDay},{p.Attempts},{p.Recalled},{p.Retention:0.####}\r\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"go4tips-group-{Group.JoinCode}.csv");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var trainer = IndexModel.TrainerId(User);
        var group = await db.Set<TrainingGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && g.TrainerId == trainer, ct);
        if (group is null)
        {
            return false;
        }

        Group = group;
        DeckTitle = await db.Set<DeckTranslation>().Where(t => t.DeckId == group.DeckId && t.Culture == Cultures.Current).Select(t => t.Title).FirstOrDefaultAsync(ct) ?? string.Empty;
        Report = await retention.ForAsync(group, Cultures.Current, ct);
        return true;
    }
}
