using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SayStop.Sealing;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// A sealed blob that no longer opens (a disk error, a row altered in the database) is a damaged record, not a
/// server fault: the page answers 422 with the friendly status page, never a 500 and never anything of the blob.
/// The log says which page and report id, nothing of the data.
/// </summary>
internal sealed class DamagedSealFilter(ILogger<DamagedSealFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is SealingException && !executed.ExceptionHandled)
        {
            logger.LogWarning("Sealed data did not open on {Page} (report {ReportId}): the stored record is damaged",
                context.ActionDescriptor.ViewEnginePath, context.RouteData.Values["id"] as string ?? "-");
            executed.ExceptionHandled = true;
            executed.Result = new StatusCodeResult(StatusCodes.Status422UnprocessableEntity);
        }
    }
}
