using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Infrastructure.Jobs;

/// <summary>A job that runs every <see cref="Interval"/> on exactly one web node.</summary>
public interface IScheduledJob
{
    /// <summary>Stable name, the job's row in the <c>Jobs</c> table.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>The schedule and the lease of one job, shared by every node through the database.</summary>
public sealed class JobState
{
    public string Name { get; set; } = string.Empty;

    public DateTime NextRunAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? LastStartedAt { get; set; }

    public DateTime? LastFinishedAt { get; set; }

    public string? LastError { get; set; }

    public long RunCount { get; set; }
}

internal sealed class JobStateConfiguration : IEntityTypeConfiguration<JobState>
{
    public void Configure(EntityTypeBuilder<JobState> b)
    {
        b.ToTable("Jobs");
        b.HasKey(j => j.Name);
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.LeaseOwner).HasMaxLength(100);
        b.Property(j => j.LastError).HasMaxLength(1000);
    }
}

/// <summary>
/// Database-backed scheduler safe with several nodes on one PostgreSQL (or one SQLite file): a node runs a
/// due job only after winning a conditional UPDATE that sets its lease (the same row cannot be won twice,
/// whichever database), and the next run time moves forward before the lease is released.
/// A node that crashes mid-run loses its lease when it expires and another node runs the job again.
/// </summary>
public sealed class JobRunner(
    IEnumerable<IScheduledJob> jobs,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<JobRunner> logger) : PollingWorker(clock, logger)
{
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public static TimeSpan LeaseLength { get; set; } = TimeSpan.FromMinutes(10);

    public string NodeId { get; } = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];

    protected override TimeSpan Interval => PollInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunDueJobsAsync(ct);

    /// <summary>One scheduling round; returns the names of the jobs this node ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueJobsAsync(CancellationToken ct)
    {
        var ran = new List<string>();
        foreach (var job in jobs)
        {
            if (await TryClaimAsync(job, ct))
            {
                await RunClaimedAsync(job, ct);
                ran.Add(job.Name);
            }
        }

        return ran;
    }

    private async Task<bool> TryClaimAsync(IScheduledJob job, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        if (!await db.Set<JobState>().AnyAsync(j => j.Name == job.Name, ct))
        {
            db.Add(new JobState { Name = job.Name, NextRunAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node created the row first; fine.
            }
        }

        var until = now.Add(LeaseLength);
        var claimed = await db.Set<JobState>()
            .Where(j => j.Name == job.Name && j.NextRunAt <= now && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LeaseOwner, NodeId)
                .SetProperty(j => j.LeaseUntil, until)
                .SetProperty(j => j.LastStartedAt, now), ct);
        return claimed == 1;
    }

    private async Task RunClaimedAsync(IScheduledJob job, CancellationToken ct)
    {
        string? error = null;
        try
        {
            using var scope = scopes.CreateScope();
            await job.RunAsync(scope.ServiceProvider, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex.GetType().Name + ": " + ex.Message;
            logger.LogError(ex, "Job {Job} failed", job.Name);
        }

        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var finished = Clock.GetUtcNow().UtcDateTime;
            var next = finished.Add(job.Interval);
            var err = error is { Length: > 1000 } ? error[..1000] : error;
            await db.Set<JobState>().Where(j => j.Name == job.Name && j.LeaseOwner == NodeId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.NextRunAt, next)
                    .SetProperty(j => j.LastFinishedAt, finished)
                    .SetProperty(j => j.LastError, err)
                    .SetProperty(j => j.RunCount, j => j.RunCount + 1)
                    .SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTime?)null), ct);
            if (error is not null)
            {
                var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
                await audit.AppendAsync("system", "job.failed", job.Name, err ?? string.Empty, ct);
            }
        }
    }
}

public static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        return services;
    }
}
