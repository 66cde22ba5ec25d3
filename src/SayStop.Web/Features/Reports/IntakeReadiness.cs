using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// Whether the site may accept reports: only once the organisation's recovery key exists (made at the first
/// administrator's setup). Before that, a report would be sealed to no key at all and nobody could ever read it,
/// so the form says it is not open yet instead of handing out a receipt for a report that is lost.
/// </summary>
public sealed class IntakeReadiness(IServiceScopeFactory scopes)
{
    // Once there, a recovery key is only ever replaced by a new one (never removed), so "open" is kept for the
    // process's life; "not open" is asked again at every request, so setup opens the form at once.
    private volatile bool _open;

    public async Task<bool> IsOpenAsync(CancellationToken ct = default)
    {
        if (_open)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        _open = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecipientKey>()
            .AnyAsync(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null, ct);
        return _open;
    }
}

/// <summary>Shows the report form's "not open yet" state (503, emergency numbers still shown) until reports can be read.</summary>
internal sealed class IntakeOpenFilter(IntakeReadiness readiness) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is FormModel form && !await readiness.IsOpenAsync(context.HttpContext.RequestAborted))
        {
            form.State = FormModel.FormState.NotOpen;
            context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Result = form.Page();
            return;
        }

        await next();
    }
}
