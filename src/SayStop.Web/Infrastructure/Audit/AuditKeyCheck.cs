using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>
/// Loads the audit key at start (so the key file is made, or a bad key refused, before the first request) and
/// warns when the newest entry was authenticated with a key this node lacks: nodes that do not share the key file
/// write entries the others cannot verify.
/// </summary>
internal sealed class AuditKeyCheck(AuditKeyRing keys, IServiceScopeFactory scopes, ILogger<AuditKeyCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var head = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.KeyId }).FirstOrDefaultAsync(cancellationToken);
            if (head is not null && !keys.Knows(head.KeyId))
            {
                logger.LogWarning("Audit entry {Sequence} was authenticated with key {KeyId}, which this node does not have (its key is {CurrentKeyId}): give every node the same audit key file", head.Sequence, head.KeyId, keys.CurrentKeyId);
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // A database that is not there yet is the health check's business, not this one's.
            logger.LogInformation("Audit key check skipped: {Error}", ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
