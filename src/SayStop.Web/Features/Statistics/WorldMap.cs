using System.Collections.Frozen;
using System.Text.Json;

namespace SayStop.Web.Features.Statistics;

/// <summary>
/// The outlines of the world's countries for the statistics page, drawn on the server as one inline SVG: no map
/// tiles or scripts from another host, readable without JavaScript. The data is the npm package @svg-maps/world
/// 2.0.0 (CC BY 4.0, Victor Cazanave), simplified by <c>scripts/make-world-map.py</c> to 87 KB (34 KB compressed).
/// </summary>
public static class WorldMap
{
    private static readonly Lazy<(string ViewBox, FrozenDictionary<string, string> Paths)> Data = new(Load);

    public const string Attribution = "Map: @svg-maps/world, Victor Cazanave, CC BY 4.0";

    public static string ViewBox => Data.Value.ViewBox;

    /// <summary>SVG path data per ISO 3166-1 alpha-2 code (upper case, as the reports store countries).</summary>
    public static IReadOnlyDictionary<string, string> Paths => Data.Value.Paths;

    /// <summary>
    /// The shade of a country (0 = no figure shown, 1–3 = a third of the largest shown total or more): a few steps
    /// a reader can tell apart, the exact figures being in the table beside the map.
    /// </summary>
    public static int Shade(int total, int largest) =>
        total <= 0 || largest <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(3.0 * total / largest), 1, 3);

    private static (string, FrozenDictionary<string, string>) Load()
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream("SayStop.Web.Features.Statistics.Data.world-map.json")
            ?? throw new InvalidOperationException("The world map is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var paths = doc.RootElement.GetProperty("countries").EnumerateObject()
            .ToFrozenDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return (doc.RootElement.GetProperty("viewBox").GetString()!, paths);
    }
}
