using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// /{culture}/go4tips/manifest.webmanifest: the installable app's web manifest in the page's language, starting at that
/// language's offline page and scoped to its Go4Tips pages (the service worker's scope).
/// </summary>
public sealed class OfflineManifestModel(Texts texts) : PageModel
{
    public const string ThemeColour = "#1f4e79";

    public IActionResult OnGet()
    {
        var c = Cultures.Current;
        var manifest = new Dictionary<string, object>
        {
            ["name"] = texts["Go4Tips.Offline.AppName"].Value,
            ["short_name"] = "Go4Tips",
            ["description"] = texts["Go4Tips.Intro"].Value,
            ["lang"] = c,
            ["dir"] = "ltr",
            ["id"] = $"/{c}/go4tips/offline",
            ["start_url"] = $"/{c}/go4tips/offline",
            ["scope"] = $"/{c}/go4tips/",
            ["display"] = "standalone",
            ["background_color"] = "#ffffff",
            ["theme_color"] = ThemeColour,
            ["icons"] = new object[]
            {
                new { src = "/img/go4tips-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                new { src = "/img/go4tips-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                new { src = "/img/go4tips-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
                new { src = "/img/go4tips.svg", sizes = "any", type = "image/svg+xml", purpose = "any" },
            },
        };
        Response.Headers.CacheControl = "public, max-age=3600";
        return Content(JsonSerializer.Serialize(manifest), "application/manifest+json; charset=utf-8");
    }
}
