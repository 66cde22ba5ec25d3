using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Account;

/// <summary>
/// The change-password form asks for the current password, so a stolen staff session could guess it there without
/// limit. Each wrong current password is an audit entry (ids only); five within a quarter of an hour refuse the form
/// until the oldest leaves the window. Counting audit entries makes the limit hold across web nodes and restarts.
/// </summary>
public sealed class PasswordChangeLimit(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string FailedAction = "account.password.change-failed";

    public const string RefusedAction = "account.password.change-refused";

    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public async Task<bool> IsReachedAsync(Guid userId, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime - Window;
        var target = userId.ToString();
        return await db.Set<AuditEntry>().CountAsync(e => e.At >= since && e.Action == FailedAction && e.Target == target, ct) >= MaxFailures;
    }

    public Task RecordFailureAsync(Guid userId, CancellationToken ct = default) =>
        audit.AppendAsync(userId.ToString(), FailedAction, userId.ToString(), "wrong current password", ct);

    /// <summary>An attempt refused unchecked: audited under its own name, so it does not lengthen the wait.</summary>
    public Task RecordRefusalAsync(Guid userId, CancellationToken ct = default) =>
        audit.AppendAsync(userId.ToString(), RefusedAction, userId.ToString(), "too many wrong current passwords", ct);
}
