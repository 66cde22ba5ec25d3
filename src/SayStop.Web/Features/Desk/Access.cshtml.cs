using Microsoft.AspNetCore.Mvc;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// Grants: a handler with an unlocked key gives a colleague access to every report the granter can open and the
/// colleague cannot (a newcomer, or someone whose key was renewed). The colleague's public key is enough.
/// </summary>
public sealed class AccessModel(DeskSessions sessions, HandlerAccess access, Texts texts) : DeskPageModel
{
    public IReadOnlyList<HandlerGap> Gaps { get; private set; } = [];

    public bool Locked { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        await LoadAsync(pair, ct);
    }

    public async Task<IActionResult> OnPostGrantAsync(Guid keyId, CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            Locked = true;
            return Page();
        }

        var myKey = await access.KeyIdAsync(pair, ct);
        if (myKey is null)
        {
            Locked = true;
            return Page();
        }

        var gaps = await access.GapsAsync(myKey.Value, ct);
        if (gaps.All(g => g.KeyId != keyId))
        {
            Message = texts["Desk.Report.NoSuchHandler"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Gaps = gaps;
            return Page();
        }

        var granted = await access.GrantAllAsync(pair, myKey.Value, keyId, UserId, Actor, ct);
        Message = texts["Desk.Access.Granted", granted];
        Gaps = await access.GapsAsync(myKey.Value, ct);
        return Page();
    }

    private async Task LoadAsync(Sealing.KeyPair? pair, CancellationToken ct)
    {
        var myKey = pair is null ? null : await access.KeyIdAsync(pair, ct);
        if (myKey is null)
        {
            Locked = true;
            return;
        }

        Gaps = await access.GapsAsync(myKey.Value, ct);
    }
}
