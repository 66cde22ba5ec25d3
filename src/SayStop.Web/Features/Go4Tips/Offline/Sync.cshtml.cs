using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// /{culture}/go4tips/sync. GET: an antiforgery token for the offline app (fetched while online, right before it
/// sends). POST: the queued answers as JSON (<see cref="OfflineSync"/>), protected by that token in the
/// <c>RequestVerificationToken</c> header (the site-wide antiforgery filter checks it against the SameSite=Strict
/// cookie) and by a same-origin check on the Origin and Sec-Fetch-Site headers.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class OfflineSyncModel(OfflineSync sync, LearnerProfile profiles, IAntiforgery antiforgery) : PageModel
{
    public IActionResult OnGet()
    {
        // The learner cookie too, so that a device whose cookie was cleared can still send (as a new learner).
        profiles.ReadOrIssue(HttpContext);
        var tokens = antiforgery.GetAndStoreTokens(HttpContext);
        return new JsonResult(new { token = tokens.RequestToken, header = tokens.HeaderName });
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsSameOrigin(Request))
        {
            return Problem(StatusCodes.Status403Forbidden, "cross-origin");
        }

        if (profiles.Read(HttpContext) is not { } learner)
        {
            return Problem(StatusCodes.Status401Unauthorized, "no-learner");
        }

        if (Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "json-only");
        }

        if (Request.ContentLength > OfflineSync.MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "too-large");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > OfflineSync.MaxBodyBytes)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, "too-large");
            }

            buffer.Write(chunk, 0, read);
        }

        var result = await sync.SyncAsync(learner, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        return new JsonResult(new
        {
            code = result.Code,
            recorded = result.Recorded,
            alreadyCounted = result.AlreadyCounted,
            refused = result.Refused,
            results = result.Results.Select(r => new { index = r.Index, id = r.Id, status = r.Status, code = r.Code }),
        })
        { StatusCode = result.Status };
    }

    private static JsonResult Problem(int status, string code) =>
        new(new { code, recorded = 0, alreadyCounted = 0, refused = 0, results = Array.Empty<object>() }) { StatusCode = status };

    /// <summary>
    /// The browser says where the request comes from: a fetch from another site carries its Origin and
    /// Sec-Fetch-Site: cross-site. Requests without these headers (non-browser clients) still need the token.
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
