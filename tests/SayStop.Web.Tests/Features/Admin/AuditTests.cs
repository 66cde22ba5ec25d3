using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Admin;

/// <summary>The audit chain detects an edited or a deleted row, straight in the database.</summary>
public abstract class AuditTests(SayStopApp shared) : IAsyncLifetime
{
    /// <summary>A fresh site per test: a tampered chain must not leak into the next test's verification.</summary>
    protected SayStopApp App { get; } = new(shared.Db);

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task AppendSomeAsync(string marker, int n)
    {
        var audit = App.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < n; i++)
        {
            await audit.AppendAsync("tester@test.example", "test.entry", marker, "n=" + i);
        }
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var scope = App.Scope();
        return await App.Services.GetRequiredService<AuditLog>().VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Chain_IsIntact_ThenAnEditedRowIsDetected_OnThePageToo()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await AppendSomeAsync(marker, 5);
        var before = await VerifyAsync();
        Assert.True(before.Intact);
        Assert.True(before.VerifiedCount >= 5);

        long target;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            target = await db.Set<AuditEntry>().Where(e => e.Target == marker).OrderBy(e => e.Sequence).Skip(2).Select(e => e.Sequence).FirstAsync();
            // An attacker with database access rewrites what happened.
            var changed = await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Details\" = 'nothing happened' WHERE \"Sequence\" = {0}", target);
            Assert.Equal(1, changed);
        }

        var after = await VerifyAsync();
        Assert.False(after.Intact);
        Assert.Equal(target, after.BrokenAt);
        Assert.Equal("content", after.Reason);

        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var page = await admin.GetDocumentAsync("/en/admin/audit");
        Assert.Contains($"broken at entry {target}", page.QuerySelector("#audit-status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecomputedHash_StillBreaksTheLinkToTheNextRow()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await AppendSomeAsync(marker, 4);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var entry = await db.Set<AuditEntry>().Where(e => e.Target == marker).OrderBy(e => e.Sequence).Skip(1).FirstAsync();
        entry.Details = "forged";
        // Even with the audit key (a server takeover), recomputing one entry leaves the next one's link broken.
        var audit = App.Services.GetRequiredService<AuditLog>();
        entry.Hash = audit.ComputeHash(entry)!;
        await db.SaveChangesAsync();
        var result = await audit.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(entry.Sequence + 1, result.BrokenAt);
        Assert.Equal("link", result.Reason);
    }

    [Fact]
    public async Task ADeletedRow_IsDetected()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await AppendSomeAsync(marker, 4);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var seq = await db.Set<AuditEntry>().Where(e => e.Target == marker).OrderBy(e => e.Sequence).Skip(1).Select(e => e.Sequence).FirstAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Sequence\" = {0}", seq);
        var result = await App.Services.GetRequiredService<AuditLog>().VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(seq, result.BrokenAt);
        Assert.Equal("missing", result.Reason);
    }

    /// <summary>
    /// Two hosts on one database, as two web nodes would be, each appending in parallel: the chain verifies whole,
    /// and no writer ever lost a race for a sequence number (EF Core logs a failed INSERT as an error by itself,
    /// which is what opening a case file with two photos used to print).
    /// </summary>
    [Fact]
    public async Task ConcurrentWriters_OnTwoNodes_NeverForkTheChain_NorLogAFailure()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await using var secondNode = App.Factory.WithWebHostBuilder(_ => { });
        var nodes = new[] { App.Services.GetRequiredService<AuditLog>(), secondNode.Services.GetRequiredService<AuditLog>() };
        Assert.NotSame(nodes[0], nodes[1]);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            nodes[i % 2].AppendAsync("node" + (i % 2), "test.concurrent", marker, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(40, await db.Set<AuditEntry>().CountAsync(e => e.Target == marker));
        var verification = await nodes[0].VerifyAsync(db);
        Assert.True(verification.Intact, $"broken at {verification.BrokenAt} ({verification.Reason})");
        Assert.Equal(await db.Set<AuditEntry>().MaxAsync(e => e.Sequence), verification.VerifiedCount);
        var failures = App.Logs.Lines.Where(l => (l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
                                                 && l.Contains("AuditLog", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, "audit appends logged failures: " + string.Join('\n', failures.Take(2)));
    }
}

public sealed class AuditSqliteTests(SqliteApp app) : AuditTests(app), IClassFixture<SqliteApp>;

public sealed class AuditPostgresTests(PostgresApp app) : AuditTests(app), IClassFixture<PostgresApp>;
