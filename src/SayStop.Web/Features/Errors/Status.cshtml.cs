using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Errors;

/// <summary>
/// The friendly page for every error status, in the language of the path that failed. Reached by
/// re-execution, so the original status code is kept. No antiforgery here: a failed token lands on this page.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class StatusModel(Texts texts) : PageModel
{
    public string Title { get; private set; } = string.Empty;

    public string Message { get; private set; } = string.Empty;

    // No handler parameters: binding one would read the re-executed request's form, and a form that cannot be
    // read (a NUL byte, a value over the size limit) would turn its own 400 page into a 500.
    public IActionResult OnGet() => Show(RouteCode());

    public IActionResult OnPost() => Show(RouteCode());

    private int RouteCode() =>
        int.TryParse(RouteData.Values["code"] as string, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : StatusCodes.Status404NotFound;

    private PageResult Show(int code)
    {
        // A direct visit to /error/… is not an error page of anything: it is itself "not found".
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
                         || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reexecuted)
        {
            code = StatusCodes.Status404NotFound;
        }

        var known = code is 400 or 403 or 404 or 405 or 413 or 422 or 429 or 500 ? code : (code >= 500 ? 500 : 400);
        Response.StatusCode = code >= 400 ? code : 500;
        Title = texts[$"Error.{known}.Title"];
        Message = texts[$"Error.{known}.Text"];
        return Page();
    }
}
