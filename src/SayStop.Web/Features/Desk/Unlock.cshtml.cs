using Microsoft.AspNetCore.Mvc;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>The desk key is locked (signed in elsewhere, idle too long, or a new browser session): the password unlocks it again.</summary>
public sealed class UnlockModel(Texts texts) : DeskPageModel
{
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (refusal, pair) = await UnlockAsync(Password, ct);
        pair?.Dispose();
        if (refusal is not null)
        {
            ModelState.AddModelError(nameof(Password), texts[refusal]);
            Password = null;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var target = SignInModel.SafeReturnUrl(ReturnUrl);
        return LocalRedirect(target is not null && target.Contains("/desk", StringComparison.Ordinal) ? target : $"/{Cultures.Current}/desk");
    }
}
