using Microsoft.AspNetCore.Identity;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Admin.Audit;

/// <summary>
/// Once a day, on one node: verifies the chain and emails the signed checkpoint of its head to every active
/// administrator. The mailboxes keep a record the database cannot reach back into: a later rewrite or cut of the
/// history before that point fails against it on the audit page, and a broken chain is reported in the email.
/// </summary>
internal sealed class AuditCheckpointJob : IScheduledJob
{
    public string Name => "audit.checkpoint";

    public TimeSpan Interval => TimeSpan.FromDays(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var audit = services.GetRequiredService<AuditLog>();
        var verification = await audit.VerifyAsync(db, cancellationToken: ct);
        var checkpoint = await services.GetRequiredService<AuditCheckpoints>().CurrentAsync(db, ct);
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var texts = services.GetRequiredService<Texts>();
        var outbox = services.GetRequiredService<EmailOutbox>();
        var baseUrl = (services.GetRequiredService<IConfiguration>()["Site:PublicBaseUrl"] ?? string.Empty).TrimEnd('/');
        var json = checkpoint.ToJson();
        var sent = 0;
        foreach (var admin in await users.GetUsersInRoleAsync(StaffRoles.Administrator))
        {
            if (admin.IsDisabled || admin.ActivatedAt is null || string.IsNullOrEmpty(admin.Email))
            {
                continue;
            }

            var culture = Cultures.IsSupported(admin.PreferredCulture) ? admin.PreferredCulture : Cultures.Default;
            var state = verification.Intact
                ? texts.In(culture, "Admin.Audit.Digest.Intact")
                : texts.In(culture, "Admin.Audit.Digest.Broken")
                    .Replace("{0}", (verification.BrokenAt ?? 0).ToString(Cultures.Specific(culture)), StringComparison.Ordinal);
            await outbox.EnqueueAsync(admin.Email,
                texts.In(culture, "Admin.Audit.Digest.Subject"),
                texts.In(culture, "Admin.Audit.Digest.Body")
                    .Replace("{0}", checkpoint.Sequence.ToString(Cultures.Specific(culture)), StringComparison.Ordinal)
                    .Replace("{1}", state, StringComparison.Ordinal)
                    .Replace("{2}", $"{baseUrl}/{culture}/admin/audit", StringComparison.Ordinal)
                    .Replace("{3}", json, StringComparison.Ordinal),
                ct);
            sent++;
        }

        await audit.AppendAsync("system", "audit.checkpoint.sent", checkpoint.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"recipients={sent} intact={verification.Intact}", ct);
    }
}
