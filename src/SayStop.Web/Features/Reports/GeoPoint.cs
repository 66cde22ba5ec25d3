using System.Globalization;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// Optional coordinates of the place, typed ("50.8466, 4.3528") or filled in from the phone's location by the
/// form's small script. Kept as normalised text inside the sealed answers; never stored in clear.
/// </summary>
public static class GeoPoint
{
    /// <summary>"lat, lon" with five decimals (about a metre), or null when the text is not a valid position.</summary>
    public static string? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60)
        {
            return null;
        }

        var parts = text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.IsFinite(lat) || !double.IsFinite(lon)
            || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{lat:0.00000}, {lon:0.00000}");
    }
}

/// <summary>The exact date and time a reporter may give: the browser's date field (yyyy-MM-dd) or what people type without it.</summary>
public static class ReportDates
{
    /// <summary>Older than this, a date is a typing mistake rather than a memory worth a report.</summary>
    public static readonly DateOnly Earliest = new(1970, 1, 1);

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "dd/MM/yyyy", "dd-MM-yyyy", "dd.MM.yyyy"];

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH'h'mm", "H'h'mm", "HH'h'", "H'h'", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
