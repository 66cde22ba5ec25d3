using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// Every few minutes, on one node: deletes expired desk sessions (their key blobs), revokes the keys of people
/// who are no longer case handlers, drops sent emails so the outbox does not keep a reporter's address (or an
/// invitation link) in clear once it has done its job, empties SQLite's write-ahead log of deleted rows, and gives reports stored before case references existed theirs
/// (so a search by reference finds them; the inbox shows the derived reference meanwhile).
/// </summary>
internal sealed class DeskHousekeepingJob : IScheduledJob
{
    public string Name => "desk.housekeeping";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<DeskSessions>().DeleteExpiredAsync(ct);
        await services.GetRequiredService<HandlerAccess>().RevokeStaleAsync(ct);
        // A sent email has nothing left to do in the outbox, but its address (a reporter's, a colleague's) and its
        // body (an invitation link) would stay there in clear: every sent row goes, and one given up after a week.
        var db = services.GetRequiredService<AppDbContext>();
        var givenUpBefore = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-7);
        await db.Set<OutboxEmail>()
            .Where(e => e.SentAt != null || (e.GaveUp && e.NextAttemptAt < givenUpBefore))
            .ExecuteDeleteAsync(ct);
        var inbox = services.GetRequiredService<DeskInbox>();
        while (await inbox.FillReferencesAsync(ct: ct) > 0)
        {
        }

        await db.Database.ForgetDeletedRowsAsync(ct);
    }
}

/// <summary>
/// Once a day, on one node: tells every active case handler how many reports are past a deadline. A count and a
/// link, nothing about any report, so the email is harmless in a mailbox.
/// </summary>
internal sealed class DeskDeadlineReminderJob : IScheduledJob
{
    public string Name => "desk.deadline-reminders";

    public TimeSpan Interval => TimeSpan.FromDays(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var overdue = await services.GetRequiredService<DeskInbox>().CountOverdueAsync(ct);
        if (overdue == 0)
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var texts = services.GetRequiredService<Texts>();
        var outbox = services.GetRequiredService<EmailOutbox>();
        var baseUrl = Infrastructure.Site.SiteUrls.Base(services);
        foreach (var handler in await users.GetUsersInRoleAsync(StaffRoles.CaseHandler))
        {
            if (handler.IsDisabled || handler.ActivatedAt is null || string.IsNullOrEmpty(handler.Email))
            {
                continue;
            }

            var culture = Cultures.IsSupported(handler.PreferredCulture) ? handler.PreferredCulture : Cultures.Default;
            await outbox.EnqueueAsync(handler.Email,
                texts.In(culture, "Desk.Reminder.Subject"),
                texts.In(culture, "Desk.Reminder.Body")
                    .Replace("{0}", overdue.ToString(Cultures.Specific(culture)), StringComparison.Ordinal)
                    .Replace("{1}", $"{baseUrl}/{culture}/desk?overdue=true", StringComparison.Ordinal),
                ct);
        }
    }
}
