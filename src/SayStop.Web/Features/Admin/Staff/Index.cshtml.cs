using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Admin.Staff;

/// <summary>Administrators invite staff, change their roles and disable accounts; every change is audited.</summary>
public sealed class IndexModel(
    AppDbContext db,
    UserManager<StaffUser> users,
    StaffInvitations invitations,
    AuditLog audit,
    HandlerAccess access,
    Texts texts) : PageModel
{
    public sealed record Member(Guid Id, string DisplayName, string Email, bool Active, bool Disabled, IReadOnlyList<string> Roles);

    public IReadOnlyList<Member> Members { get; private set; } = [];

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public string? Message { get; private set; }

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(320, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(120, ErrorMessage = "Validation.TooLong")]
        public string DisplayName { get; set; } = string.Empty;

        [StringLength(5)]
        public string Culture { get; set; } = "en";

        public List<string> Roles { get; set; } = [];
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Invite.Culture = Cultures.Current;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        Invite.Roles = Invite.Roles.Where(StaffRoles.All.Contains).Distinct().ToList();
        if (Invite.Roles.Count == 0)
        {
            ModelState.AddModelError("Invite.Roles", texts["Admin.Staff.PickRole"]);
        }

        if (!Cultures.IsSupported(Invite.Culture))
        {
            Invite.Culture = Cultures.Current;
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var result = await invitations.InviteAsync(Actor, Invite.Email.Trim(), Invite.DisplayName.Trim(), Invite.Roles, Invite.Culture, ct);
        if (result != InviteResult.Sent)
        {
            ModelState.AddModelError("Invite.Email", texts[result == InviteResult.EmailTaken ? "Admin.Staff.EmailTaken" : "Validation.Invalid"]);
            await LoadAsync(ct);
            return Page();
        }

        Message = texts["Admin.Staff.InviteSent", Invite.Email];
        Invite = new InviteInput { Culture = Cultures.Current };
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(Guid userId, List<string> roles, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return NotFound();
        }

        var wanted = roles.Where(StaffRoles.All.Contains).ToHashSet();
        var current = (await users.GetRolesAsync(user)).ToHashSet();
        // The last active administrator cannot remove their own role: someone must always hold it.
        if (current.Contains(StaffRoles.Administrator) && !wanted.Contains(StaffRoles.Administrator) && await IsLastAdministratorAsync(user))
        {
            Message = texts["Admin.Staff.LastAdministrator"];
            await LoadAsync(ct);
            return Page();
        }

        foreach (var role in wanted.Except(current))
        {
            await users.AddToRoleAsync(user, role);
            await audit.AppendAsync(Actor, "staff.role.added", user.Email!, role, ct);
        }

        foreach (var role in current.Except(wanted))
        {
            await users.RemoveFromRoleAsync(user, role);
            await audit.AppendAsync(Actor, "staff.role.removed", user.Email!, role, ct);
            if (role == StaffRoles.CaseHandler)
            {
                await access.RevokeAsync(user.Id, Actor, ct);
            }
        }

        Message = texts["Admin.Staff.RolesSaved"];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostToggleDisabledAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (!user.IsDisabled && await users.IsInRoleAsync(user, StaffRoles.Administrator) && await IsLastAdministratorAsync(user))
        {
            Message = texts["Admin.Staff.LastAdministrator"];
            await LoadAsync(ct);
            return Page();
        }

        user.IsDisabled = !user.IsDisabled;
        await users.UpdateAsync(user);
        // Disabling also ends every open session of that person at their next request.
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(Actor, user.IsDisabled ? "staff.disabled" : "staff.enabled", user.Email!, string.Empty, ct);
        if (user.IsDisabled)
        {
            // A disabled handler's sealed keys go at once: a re-enabled one gets a new key and a grant.
            await access.RevokeAsync(user.Id, Actor, ct);
        }
        Message = texts["Admin.Staff.Saved"];
        await LoadAsync(ct);
        return Page();
    }

    private string Actor => User.Identity?.Name ?? "unknown";

    private async Task<bool> IsLastAdministratorAsync(StaffUser user)
    {
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Administrator);
        return !admins.Any(a => !a.IsDisabled && a.ActivatedAt is not null && a.Id != user.Id);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var people = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.ActivatedAt, u.IsDisabled })
            .ToListAsync(ct);
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name }).ToListAsync(ct);
        Members = people.Select(p => new Member(p.Id, p.DisplayName, p.Email ?? string.Empty, p.ActivatedAt is not null, p.IsDisabled,
            roleRows.Where(r => r.UserId == p.Id).Select(r => r.Name!).ToList())).ToList();
    }
}
