using System.Globalization;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// The countries the form offers. A short list for this first version (the destinations our reporters
/// travel to most, and our neighbours), plus "another country"; the full ISO list comes with the
/// per-country emergency numbers. Names are in texts.json ("Country.XX"): the platform's ICU data gives each
/// country's own name, not the visitor's word for it.
/// </summary>
public static class Countries
{
    public const string Other = "ZZ";

    public static readonly IReadOnlyList<string> Codes =
    [
        "BE", "BR", "KH", "CO", "DO", "FR", "DE", "GM", "GR", "IN", "ID", "IT", "KE", "LA", "MA", "MX", "NP",
        "NL", "PE", "PH", "PT", "SN", "ES", "LK", "TZ", "TH", "TR", "VN",
    ];

    public static bool IsKnown(string? code) => code is not null && (code == Other || Codes.Contains(code, StringComparer.Ordinal));

    /// <summary>The country's name in the current UI language.</summary>
    public static string Name(Texts texts, string code) =>
        code == Other ? texts["Report.Where.OtherCountry"] : texts["Country." + code];

    /// <summary>The list sorted by name as the visitor reads it.</summary>
    public static IReadOnlyList<(string Code, string Name)> Sorted(Texts texts)
    {
        var compare = CultureInfo.CurrentUICulture.CompareInfo;
        return Codes.Select(c => (Code: c, Name: Name(texts, c)))
            .OrderBy(c => c.Name, Comparer<string>.Create((a, b) => compare.Compare(a, b, CompareOptions.IgnoreCase)))
            .ToList();
    }
}

/// <summary>The kinds of situation a reporter can pick; each has a text "Report.Kind.{value}".</summary>
public static class ReportKinds
{
    public static readonly IReadOnlyList<string> All = ["Exploitation", "Suspicious", "Offer", "Online", "Other"];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
