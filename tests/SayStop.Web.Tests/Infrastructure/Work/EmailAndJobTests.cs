using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Tests.Infrastructure.Work;

/// <summary>The outbox sends through real SMTP, retries after failures, and a job runs once across nodes.</summary>
public abstract class EmailAndJobTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    [Fact]
    public async Task Outbox_DeliversThroughSmtp_AndMarksTheMessageSent()
    {
        App.Require();
        var to = $"someone-{Guid.NewGuid():N}@test.example";
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().EnqueueAsync(to, "Hello", "Body text é");
        }

        var message = await App.Smtp.WaitForAsync(to);
        Assert.Equal("Hello", message.Subject);
        Assert.Contains("Body text é", message.TextBody, StringComparison.Ordinal);
        await using var check = App.Scope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        OutboxEmail? row;
        do
        {
            row = await db.Set<OutboxEmail>().AsNoTracking().SingleOrDefaultAsync(e => e.To == to);
        }
        while (row is { SentAt: null } && DateTime.UtcNow < deadline && await Wait());

        // The housekeeping job deletes sent rows (it may run at any moment here: other tests move the shared clock), so
        // a missing row is a sent one; either way the server received it exactly once.
        Assert.Single(App.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == to));
        if (row is not null)
        {
            Assert.NotNull(row.SentAt);
            Assert.Equal(1, row.Attempts);
        }
    }

    [Fact]
    public async Task Outbox_RetriesAfterAFailure_AndSendsExactlyOnce()
    {
        App.Require();
        var to = $"retry-{Guid.NewGuid():N}@test.example";
        var clock = new ShiftedTimeProvider { Offset = App.Clock.Offset + TimeSpan.FromDays(3650) };
        var flaky = new FlakyTransport(failures: 2);
        var dispatcher = new EmailDispatcher(App.Services.GetRequiredService<IServiceScopeFactory>(), flaky,
            new EmailOptions(), clock, NullLogger<EmailDispatcher>.Instance);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Due only on the shifted clock, so the site's own dispatcher leaves it to this one.
            db.Add(new OutboxEmail
            {
                Id = Guid.CreateVersion7(), To = to, Subject = "Retry", TextBody = "x",
                CreatedAt = clock.GetUtcNow().UtcDateTime, NextAttemptAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        for (var round = 0; round < 3; round++)
        {
            await dispatcher.SendDueAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromHours(2));
        }

        await dispatcher.SendDueAsync(CancellationToken.None);
        Assert.Equal(1, flaky.Delivered.Count(m => m.To.Mailboxes.Any(a => a.Address == to)));
        await using var check = App.Scope();
        var row = await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<OutboxEmail>().AsNoTracking().SingleAsync(e => e.To == to);
        Assert.Equal(3, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task AScheduledJob_RunsOnce_WhenSeveralNodesCompete()
    {
        App.Require();
        var counter = new CountingJob("test.count-" + Guid.NewGuid().ToString("N")[..8]);
        var scopes = App.Services.GetRequiredService<IServiceScopeFactory>();
        var nodes = Enumerable.Range(0, 4)
            .Select(_ => new JobRunner([counter], scopes, App.Clock, NullLogger<JobRunner>.Instance))
            .ToList();
        // Four nodes poll at the same moment, three times within the job's interval: it runs once.
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(nodes.Select(n => n.RunDueJobsAsync(CancellationToken.None)));
        }

        Assert.Equal(1, counter.Runs);
        App.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(nodes.Select(n => n.RunDueJobsAsync(CancellationToken.None)));
        Assert.Equal(2, counter.Runs);
    }

    private static async Task<bool> Wait()
    {
        await Task.Delay(100);
        return true;
    }

    private sealed class FlakyTransport(int failures) : IEmailTransport
    {
        private int _left = failures;

        public ConcurrentBag<MimeMessage> Delivered { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            if (Interlocked.Decrement(ref _left) >= 0)
            {
                throw new IOException("SMTP server unreachable");
            }

            Delivered.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class CountingJob(string name) : IScheduledJob
    {
        private int _runs;

        public string Name => name;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public int Runs => _runs;


        public async Task RunAsync(IServiceProvider services, CancellationToken ct)
        {
            Interlocked.Increment(ref _runs);
            await Task.Delay(50, ct);
        }
    }
}

public sealed class EmailAndJobSqliteTests(SqliteApp app) : EmailAndJobTests(app), IClassFixture<SqliteApp>;

public sealed class EmailAndJobPostgresTests(PostgresApp app) : EmailAndJobTests(app), IClassFixture<PostgresApp>;
