using Microsoft.AspNetCore.Identity;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Admin.Authorities;

/// <summary>
/// Tells every other active administrator that the authority directory changed, so one administrator cannot quietly
/// point dossiers at another address or key: a notice in the recipient's language with the action word, the
/// authority's id, how many pending forwards were voided and a link to the entry. No name, address or key.
/// </summary>
public sealed class DirectoryNotice(UserManager<StaffUser> users, EmailOutbox outbox, Texts texts)
{
    public async Task<int> SendAsync(Guid actorId, string action, Guid authorityId, int voided, string baseUrl, CancellationToken ct = default)
    {
        var sent = 0;
        foreach (var admin in await users.GetUsersInRoleAsync(StaffRoles.Administrator))
        {
            if (admin.Id == actorId || admin.IsDisabled || admin.ActivatedAt is null || string.IsNullOrEmpty(admin.Email))
            {
                continue;
            }

            var culture = Cultures.IsSupported(admin.PreferredCulture) ? admin.PreferredCulture : Cultures.Default;
            var link = $"{baseUrl.TrimEnd('/')}/{culture}/admin/authorities/edit/{authorityId}";
            await outbox.EnqueueAsync(admin.Email,
                texts.In(culture, "Desk.Authority.Notice.Subject"),
                texts.In(culture, "Desk.Authority.Notice.Body")
                    .Replace("{0}", texts.In(culture, "Desk.Authority.Notice.Action." + action), StringComparison.Ordinal)
                    .Replace("{1}", authorityId.ToString(), StringComparison.Ordinal)
                    .Replace("{2}", voided.ToString(Cultures.Specific(culture)), StringComparison.Ordinal)
                    .Replace("{3}", link, StringComparison.Ordinal),
                ct);
            sent++;
        }

        return sent;
    }
}
