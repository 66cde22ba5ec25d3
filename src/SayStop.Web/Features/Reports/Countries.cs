using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// Every country of ISO 3166-1 with its name in French, Dutch and English and, where we have checked it, the number
/// to call when a child is in danger right now (Data/countries.json, made by scripts/data/countries.py from Debian's
/// iso-codes). The platform's ICU data would give each country's own name, not the visitor's word for it, hence a file.
/// </summary>
public static class Countries
{
    /// <summary>"Another country or I don't know": the facts still count without a country.</summary>
    public const string Other = "ZZ";

    private sealed record Entry(string Fr, string Nl, string En, string? Emergency);

    private static readonly FrozenDictionary<string, Entry> All = Load();

    public static IReadOnlyCollection<string> Codes => All.Keys;

    public static bool IsKnown(string? code) => code is not null && (code == Other || All.ContainsKey(code));

    /// <summary>The country's name in the current UI language.</summary>
    public static string Name(Texts texts, string code) =>
        code == Other || !All.TryGetValue(code, out var e)
            ? texts["Report.Where.OtherCountry"]
            : Cultures.Current switch { "fr" => e.Fr, "nl" => e.Nl, _ => e.En };

    /// <summary>Every country's names in the three languages (for matching what a reporter typed).</summary>
    public static IEnumerable<(string Code, string Fr, string Nl, string En)> Names() =>
        All.Select(p => (p.Key, p.Value.Fr, p.Value.Nl, p.Value.En));

    /// <summary>The emergency number to show for a child in danger there, or null where we have none on file.</summary>
    public static string? EmergencyNumber(string? code) =>
        code is not null && All.TryGetValue(code, out var e) ? e.Emergency : null;

    /// <summary>
    /// The list sorted by name as the visitor reads it. Made once per language: sorting 250 names with the culture's
    /// collation was a fifth of the desk inbox's rendering (bench/desk).
    /// </summary>
    public static IReadOnlyList<(string Code, string Name)> Sorted(Texts texts) =>
        SortedByCulture.GetOrAdd((Cultures.Current, CultureInfo.CurrentUICulture.Name), _ =>
        {
            var compare = CultureInfo.CurrentUICulture.CompareInfo;
            return All.Keys.Select(c => (Code: c, Name: Name(texts, c)))
                .OrderBy(c => c.Name, Comparer<string>.Create((a, b) => compare.Compare(a, b, CompareOptions.IgnoreCase)))
                .ToList();
        });

    private static readonly ConcurrentDictionary<(string Language, string Collation), IReadOnlyList<(string Code, string Name)>> SortedByCulture = new();

    private static FrozenDictionary<string, Entry> Load()
    {
        using var stream = typeof(Countries).Assembly.GetManifestResourceStream("SayStop.Web.Features.Reports.Data.countries.json")
            ?? throw new InvalidOperationException("countries.json is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject().ToFrozenDictionary(
            p => p.Name,
            p => new Entry(
                p.Value.GetProperty("fr").GetString()!,
                p.Value.GetProperty("nl").GetString()!,
                p.Value.GetProperty("en").GetString()!,
                p.Value.TryGetProperty("emergency", out var n) ? n.GetString() : null),
            StringComparer.Ordinal);
    }
}

/// <summary>The kinds of situation a reporter can pick; each has a text "Report.Kind.{value}".</summary>
public static class ReportKinds
{
    public static readonly IReadOnlyList<string> All = ["Exploitation", "Suspicious", "Offer", "Online", "Other"];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
