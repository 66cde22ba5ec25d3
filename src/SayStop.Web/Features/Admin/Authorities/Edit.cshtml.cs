using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Admin.Authorities;

/// <summary>
/// Adds or edits one authority. Every field is checked (country from the list, a language code, a plain address,
/// a certificate or key that parses, is valid today and can encrypt); a refusal shows the form again with what was
/// typed and a message beside the field, never a 500. An authority that forwards refer to is retired, not deleted.
/// A change to where it receives dossiers (channel, address, key, placeholder) or retiring it voids the forwards
/// to it still waiting for approval; every change is audited and notified to the other administrators.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class EditModel(AppDbContext db, AuditLog audit, Forwards forwards, DirectoryNotice notice, IConfiguration configuration, Texts texts, TimeProvider clock) : PageModel
{
    /// <summary>The languages a dossier can be asked in (texts fall back to English where we have none).</summary>
    public static readonly IReadOnlyList<string> Languages = ["fr", "nl", "en", "de", "es", "it", "pt", "pl", "th", "id", "vi", "km", "tl"];

    [FromRoute]
    public Guid? Id { get; set; }

    [BindProperty]
    public AuthorityInput Input { get; set; } = new();

    public bool Exists { get; private set; }

    public bool Retired { get; private set; }

    public bool Referenced { get; private set; }

    public sealed class AuthorityInput
    {
        public string? Country { get; set; }

        public string? Name { get; set; }

        public string? Language { get; set; }

        public string? Channel { get; set; }

        public string? Email { get; set; }

        public string? SmimeCertificate { get; set; }

        public string? OpenPgpKey { get; set; }

        public string? Notes { get; set; }

        public bool Placeholder { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is null)
        {
            Input = new AuthorityInput { Language = "en", Channel = nameof(AuthorityChannel.Manual) };
            return Page();
        }

        var a = await db.Set<PoliceAuthority>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (a is null)
        {
            return NotFound();
        }

        await LoadStateAsync(a, ct);
        Input = new AuthorityInput
        {
            Country = a.Country, Name = a.Name, Language = a.Language, Channel = a.Channel.ToString(), Email = a.Email,
            SmimeCertificate = a.SmimeCertificate, OpenPgpKey = a.OpenPgpKey, Notes = a.Notes, Placeholder = a.Placeholder,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        PoliceAuthority? existing = null;
        if (Id is not null)
        {
            existing = await db.Set<PoliceAuthority>().FirstOrDefaultAsync(x => x.Id == Id, ct);
            if (existing is null)
            {
                return NotFound();
            }

            await LoadStateAsync(existing, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var clean = Validate(now);
        if (clean is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var a = existing ?? new PoliceAuthority { Id = Guid.CreateVersion7() };
        (AuthorityChannel, string?, string?, string?, bool)? before = existing is null ? null : Route(existing);
        a.Country = clean.Country!;
        a.Name = clean.Name!;
        a.Language = clean.Language!;
        a.Channel = Enum.Parse<AuthorityChannel>(clean.Channel!);
        a.Email = clean.Email;
        a.SmimeCertificate = clean.SmimeCertificate;
        a.OpenPgpKey = clean.OpenPgpKey;
        a.Notes = clean.Notes;
        a.Placeholder = clean.Placeholder;
        a.UpdatedAt = now;
        if (existing is null)
        {
            db.Add(a);
        }

        await db.SaveChangesAsync(ct);
        var changed = before is { } was ? Changed(was, Route(a)) : [];
        var action = existing is null ? "added" : "saved";
        var voided = changed.Count > 0 ? await VoidAsync(a.Id, ct) : 0;
        var binding = Forwards.Binding(a, now);
        await audit.AppendAsync(Actor, "admin.authority." + action, a.Id.ToString(),
            $"channel={a.Channel} delivery={Forwards.Delivery(a)} key={binding?.KeyFingerprint ?? "none"} placeholder={a.Placeholder} changed={(changed.Count == 0 ? "none" : string.Join(',', changed))} voided={voided}", ct);
        await NotifyAsync(action, a.Id, voided, ct);
        return Redirect($"/{Cultures.Current}/admin/authorities?done={action}");
    }

    /// <summary>Deletes an authority no forward refers to; retires one that forwards refer to (their history stays readable).</summary>
    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var a = Id is null ? null : await db.Set<PoliceAuthority>().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (a is null)
        {
            return NotFound();
        }

        if (await db.Set<ReportForward>().AnyAsync(f => f.AuthorityId == a.Id, ct))
        {
            a.Retired = true;
            a.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            var voided = await VoidAsync(a.Id, ct);
            await audit.AppendAsync(Actor, "admin.authority.retired", a.Id.ToString(), $"delivery={Forwards.Delivery(a)} voided={voided}", ct);
            await NotifyAsync("retired", a.Id, voided, ct);
            return Redirect($"/{Cultures.Current}/admin/authorities?done=retired");
        }

        db.Remove(a);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(Actor, "admin.authority.deleted", a.Id.ToString(), $"delivery={Forwards.Delivery(a)}", ct);
        await NotifyAsync("deleted", a.Id, 0, ct);
        return Redirect($"/{Cultures.Current}/admin/authorities?done=deleted");
    }

    public async Task<IActionResult> OnPostRestoreAsync(CancellationToken ct)
    {
        var a = Id is null ? null : await db.Set<PoliceAuthority>().FirstOrDefaultAsync(x => x.Id == Id, ct);
        if (a is null)
        {
            return NotFound();
        }

        a.Retired = false;
        a.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(Actor, "admin.authority.restored", a.Id.ToString(), $"delivery={Forwards.Delivery(a)}", ct);
        await NotifyAsync("restored", a.Id, 0, ct);
        return Redirect($"/{Cultures.Current}/admin/authorities?done=restored");
    }

    private string Actor => User.Identity?.Name ?? "unknown";

    private Guid ActorId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    /// <summary>What decides where a dossier goes; a change to any of it voids the forwards waiting for approval.</summary>
    private static (AuthorityChannel Channel, string? Email, string? Certificate, string? OpenPgpKey, bool Placeholder) Route(PoliceAuthority a) =>
        (a.Channel, a.Email, a.SmimeCertificate, a.OpenPgpKey, a.Placeholder);

    private static List<string> Changed((AuthorityChannel Channel, string? Email, string? Certificate, string? OpenPgpKey, bool Placeholder) before,
        (AuthorityChannel Channel, string? Email, string? Certificate, string? OpenPgpKey, bool Placeholder) after)
    {
        var changed = new List<string>();
        if (before.Channel != after.Channel)
        {
            changed.Add("channel");
        }

        if (!string.Equals(before.Email, after.Email, StringComparison.Ordinal))
        {
            changed.Add("email");
        }

        if (!string.Equals(before.Certificate, after.Certificate, StringComparison.Ordinal))
        {
            changed.Add("certificate");
        }

        if (!string.Equals(before.OpenPgpKey, after.OpenPgpKey, StringComparison.Ordinal))
        {
            changed.Add("openpgp");
        }

        if (before.Placeholder != after.Placeholder)
        {
            changed.Add("placeholder");
        }

        return changed;
    }

    private async Task<int> VoidAsync(Guid authorityId, CancellationToken ct)
    {
        var voided = await forwards.VoidPendingAsync(authorityId, ActorId, ct);
        foreach (var (forwardId, reportId, _) in voided)
        {
            await audit.AppendAsync(Actor, "desk.forward.voided", reportId.ToString(), $"forward={forwardId} authority={authorityId}", ct);
        }

        return voided.Count;
    }

    private async Task NotifyAsync(string action, Guid authorityId, int voided, CancellationToken ct)
    {
        var baseUrl = configuration["Site:PublicBaseUrl"] is { Length: > 0 } configured ? configured : $"{Request.Scheme}://{Request.Host}";
        var sent = await notice.SendAsync(ActorId, action, authorityId, voided, baseUrl, ct);
        await audit.AppendAsync(Actor, "admin.authority.notified", authorityId.ToString(), $"action={action} administrators={sent}", ct);
    }

    private async Task LoadStateAsync(PoliceAuthority a, CancellationToken ct)
    {
        Exists = true;
        Retired = a.Retired;
        Referenced = await db.Set<ReportForward>().AnyAsync(f => f.AuthorityId == a.Id, ct);
    }

    /// <summary>The input cleaned and checked, or null with a message beside each wrong field.</summary>
    private AuthorityInput? Validate(DateTime now)
    {
        var i = new AuthorityInput
        {
            Country = Input.Country?.Trim(),
            Name = TextInput.Clean(Input.Name),
            Language = Input.Language?.Trim(),
            Channel = Input.Channel?.Trim(),
            Email = TextInput.Clean(Input.Email),
            SmimeCertificate = Blank(Input.SmimeCertificate),
            OpenPgpKey = Blank(Input.OpenPgpKey),
            Notes = TextInput.CleanMultiline(Input.Notes),
            Placeholder = Input.Placeholder,
        };

        if (i.Country is not { Length: 2 } || !Countries.IsKnown(i.Country) || i.Country == Countries.Other)
        {
            Error(nameof(i.Country), "Desk.Authority.BadCountry");
        }

        if (string.IsNullOrEmpty(i.Name))
        {
            Error(nameof(i.Name), "Validation.Required");
        }
        else if (i.Name.Length > PoliceAuthority.MaxName)
        {
            ModelState.AddModelError("Input." + nameof(i.Name), texts["Validation.TooLong", texts["Desk.Authority.Name"].Value, PoliceAuthority.MaxName]);
        }
        else if (i.Name.AsSpan().IndexOfAny('<', '>') >= 0)
        {
            Error(nameof(i.Name), "Desk.Authority.NoMarkup");
        }

        if (i.Language is null || !Languages.Contains(i.Language, StringComparer.Ordinal))
        {
            Error(nameof(i.Language), "Desk.Authority.BadLanguage");
        }

        var channel = i.Channel is { Length: < 20 } ch && Enum.TryParse<AuthorityChannel>(ch, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(ch[0])
            ? parsed
            : (AuthorityChannel?)null;
        if (channel is null)
        {
            Error(nameof(i.Channel), "Validation.Choice");
        }

        if (!string.IsNullOrEmpty(i.Email) && !ValidEmail(i.Email))
        {
            Error(nameof(i.Email), "Validation.Email");
        }
        else if (channel == AuthorityChannel.Email && string.IsNullOrEmpty(i.Email))
        {
            Error(nameof(i.Email), "Desk.Authority.EmailRequired");
        }

        if (i.SmimeCertificate is not null && AuthorityKeys.CheckCertificate(i.SmimeCertificate, now) is { } certError)
        {
            Error(nameof(i.SmimeCertificate), certError);
        }

        if (i.OpenPgpKey is not null && AuthorityKeys.CheckOpenPgpKey(i.OpenPgpKey, now) is { } pgpError)
        {
            Error(nameof(i.OpenPgpKey), pgpError);
        }

        if (i.SmimeCertificate is not null && i.OpenPgpKey is not null)
        {
            Error(nameof(i.OpenPgpKey), "Desk.Authority.OneKey");
        }

        if (i.Notes?.Length > PoliceAuthority.MaxNotes)
        {
            ModelState.AddModelError("Input." + nameof(i.Notes), texts["Validation.TooLong", texts["Desk.Authority.Notes"].Value, PoliceAuthority.MaxNotes]);
        }

        Input = new AuthorityInput
        {
            Country = i.Country, Name = i.Name ?? Input.Name, Language = i.Language, Channel = i.Channel, Email = i.Email ?? Input.Email,
            SmimeCertificate = Input.SmimeCertificate, OpenPgpKey = Input.OpenPgpKey, Notes = i.Notes ?? Input.Notes, Placeholder = i.Placeholder,
        };
        return ModelState.IsValid ? i : null;
    }

    private void Error(string field, string key) => ModelState.AddModelError("Input." + field, texts[key]);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");

    private static bool ValidEmail(string email) =>
        email.Length <= 320 && !email.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '"' or ',' or ';')
        && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email
        && MimeKit.MailboxAddress.TryParse(email, out var mailbox) && mailbox.Address == email && email.IndexOf('@', StringComparison.Ordinal) > 0
        && email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..].Contains('.', StringComparison.Ordinal);
}
