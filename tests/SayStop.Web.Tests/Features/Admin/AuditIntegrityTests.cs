using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Admin;

/// <summary>
/// What an attacker who can write to the database (but has no file of the server) can and cannot do to the audit
/// log: forge or rewrite entries (no: they are authenticated with a key outside the database), cut entries off the
/// end (only up to the last checkpoint kept outside), fake a checkpoint (no: it is signed).
/// </summary>
public abstract class AuditIntegrityTests(SayStopApp shared) : IAsyncLifetime
{
    /// <summary>A fresh site per test: a tampered chain must not leak into the next test.</summary>
    protected SayStopApp App { get; } = new(shared.Db);

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private AuditLog Audit => App.Services.GetRequiredService<AuditLog>();

    private AuditCheckpoints Checkpoints => App.Services.GetRequiredService<AuditCheckpoints>();

    private async Task AppendSomeAsync(string marker, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Audit.AppendAsync("handler-a@test.example", "desk.forward.approved", marker, "n=" + i);
        }
    }

    [Fact]
    public async Task ADatabaseWriter_WhoChangesAnActor_AndRecomputesEveryLaterHash_IsCaughtAtThatEntry()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await AppendSomeAsync(marker, 6);
        // The attacker's guesses at the MAC: SHA-256 over the entry (what the chain used to be), and HMAC under a key
        // of their own written with the entry's key id.
        Func<AuditEntry, string>[] forgeries =
        [
            e => Convert.ToHexStringLower(SHA256.HashData(AuditLog.Canonical(e))),
            e => Convert.ToHexStringLower(HMACSHA256.HashData(RandomKeyOfTheAttacker, AuditLog.Canonical(e))),
        ];
        foreach (var forge in forgeries)
        {
            long target;
            await using (var scope = App.Scope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var entries = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync();
                var approval = entries.Where(e => e.Target == marker).Skip(2).First();
                target = approval.Sequence;
                approval.Actor = "handler-b@test.example";
                var previous = entries.Single(e => e.Sequence == target - 1).Hash;
                foreach (var e in entries.Where(e => e.Sequence >= target))
                {
                    e.PreviousHash = previous;
                    e.Hash = forge(e);
                    previous = e.Hash;
                }

                await db.SaveChangesAsync();
            }

            await using (var scope = App.Scope())
            {
                var result = await Audit.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
                Assert.False(result.Intact);
                Assert.Equal(target, result.BrokenAt);
                Assert.Equal("content", result.Reason);
            }
        }

        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var page = await admin.GetDocumentAsync("/en/admin/audit");
        Assert.Contains("broken at entry", page.QuerySelector("#audit-status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheNewestEntries_PassesTheChain_ButNotAnEarlierCheckpointThatCoveredThem()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        await AppendSomeAsync(marker, 6);
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var download = await admin.GetAsync("/en/admin/audit?handler=Checkpoint");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var checkpoint = await download.Content.ReadAsStringAsync();

        var before = await SubmitCheckpointAsync(admin, checkpoint);
        Assert.Equal("Contained", before.QuerySelector("#checkpoint-result")!.GetAttribute("data-outcome"));

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var cut = await db.Set<AuditEntry>().Where(e => e.Target == marker).OrderBy(e => e.Sequence).Skip(3).Select(e => e.Sequence).FirstAsync();
            // The attacker deletes the last entries, everything from the fourth approval on.
            Assert.True(await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Sequence\" >= {0}", cut) >= 3);
            // The honest limit: the chain alone cannot tell its end was cut off.
            Assert.True((await Audit.VerifyAsync(db)).Intact);
            var check = await Checkpoints.CheckAsync(db, checkpoint);
            Assert.Equal(CheckpointOutcome.Truncated, check.Outcome);
            Assert.Equal(cut - 1, check.ChainLength);
        }

        var after = await SubmitCheckpointAsync(admin, checkpoint);
        var result = after.QuerySelector("#checkpoint-result")!;
        Assert.Equal("Truncated", result.GetAttribute("data-outcome"));
        Assert.Contains("deleted from the end", result.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckpointSignedWithAnotherKey_OrEdited_OrGarbage_IsRefused_WithAMessage()
    {
        App.Require();
        await AppendSomeAsync(Guid.NewGuid().ToString("N"), 2);
        var otherKeys = AuditKeyRing.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:Key"] = Convert.ToBase64String(RandomKeyOfTheAttacker) }).Build(),
            NullLogger.Instance);
        using var otherLog = new AuditLog(App.Services.GetRequiredService<IServiceScopeFactory>(), otherKeys, TimeProvider.System);
        var foreign = new AuditCheckpoints(otherLog, TimeProvider.System).Sign(2, new string('a', 64)).ToJson();
        var genuine = Checkpoints.Sign(1, new string('b', 64)).ToJson();
        var edited = genuine.Replace("\"sequence\": 1", "\"sequence\": 2", StringComparison.Ordinal);
        Assert.NotEqual(genuine, edited);

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(CheckpointOutcome.BadSignature, (await Checkpoints.CheckAsync(db, foreign)).Outcome);
            Assert.Equal(CheckpointOutcome.BadSignature, (await Checkpoints.CheckAsync(db, edited)).Outcome);
            // Signed by this site, but the entry it names is not the one in the chain.
            Assert.Equal(CheckpointOutcome.Rewritten, (await Checkpoints.CheckAsync(db, genuine)).Outcome);
        }

        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var refused = await SubmitCheckpointAsync(admin, foreign, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not signed by this site's audit key", refused.QuerySelector("#checkpoint-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("#checkpoint-result"));
        foreach (var garbage in new[] { "", "{", "[1,2]", "{\"format\":\"saystop-audit-checkpoint\",\"version\":1,\"sequence\":-1}", new string('x', 5000) })
        {
            var page = await SubmitCheckpointAsync(admin, garbage, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("not an audit checkpoint", page.QuerySelector("#checkpoint-error")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheDailyDigest_ReachesEveryActiveAdministrator_WithACheckpointThatVerifies()
    {
        App.Require();
        await AppendSomeAsync(Guid.NewGuid().ToString("N"), 3);
        var admin = await App.CreateStaffAsync(StaffRoles.Administrator);
        var editor = await App.CreateStaffAsync(StaffRoles.Editor);
        var job = App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "audit.checkpoint");
        Assert.Equal(TimeSpan.FromDays(1), job.Interval);
        await using (var scope = App.Scope())
        {
            await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
        }

        var mail = await App.Smtp.WaitForAsync(admin.Email);
        var body = mail.TextBody ?? string.Empty;
        Assert.Contains("the chain is intact", body, StringComparison.OrdinalIgnoreCase);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // The administrator pastes the whole email.
            var check = await Checkpoints.CheckAsync(db, body);
            Assert.Equal(CheckpointOutcome.Contained, check.Outcome);
            Assert.True(check.Checkpoint!.Sequence >= 3);
            Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Action == "audit.checkpoint.sent" && e.Target == check.Checkpoint.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.DoesNotContain(App.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == editor.Email));
    }

    [Fact]
    public async Task TheKeyFile_IsMadeOwnerOnly_OutsideTheDataFolder_AndTheKeyNeverReachesTheDatabase()
    {
        App.Require();
        Assert.Equal(Path.Combine("/srv/saystop", "keys", "audit.key"), AuditKeyRing.DefaultKeyFile("/srv/saystop/data"));
        Assert.Equal(Path.Combine("/srv/saystop", "keys", "audit.key"), AuditKeyRing.DefaultKeyFile("/srv/saystop/data/"));
        await AppendSomeAsync(Guid.NewGuid().ToString("N"), 2);
        var keys = App.Services.GetRequiredService<AuditKeyRing>();
        Assert.Equal(Path.GetFullPath(App.AuditKeyFile), keys.KeyFile);
        Assert.True(File.Exists(App.AuditKeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(App.AuditKeyFile));
        }

        Assert.False(Path.GetFullPath(App.AuditKeyFile).StartsWith(Path.GetFullPath(App.DataDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        var keyText = File.ReadAllLines(App.AuditKeyFile).First().Trim();
        var key = Convert.FromBase64String(keyText);
        Assert.Equal(32, key.Length);
        Assert.Equal(AuditKeyRing.KeyIdOf(key), keys.CurrentKeyId);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Set<AuditEntry>().AllAsync(e => e.KeyId == keys.CurrentKeyId));
        if (App.Db == TestDb.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.EnumerateFiles(App.DataDirectory, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(key) < 0, $"the raw audit key is in {file}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(keyText)) < 0, $"the audit key text is in {file}");
            }
        }
    }

    [Fact]
    public async Task ARotatedKey_KeepsOldEntriesVerifiable_AndNewOnesUseTheNewKey()
    {
        App.Require();
        await AppendSomeAsync(Guid.NewGuid().ToString("N"), 2);
        var oldKey = File.ReadAllLines(App.AuditKeyFile).First().Trim();
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // The operator's rotation: the new key first, the old one kept below it; then the site restarts.
        await File.WriteAllTextAsync(App.AuditKeyFile, newKey + "\n" + oldKey + "\n");
        await using var restarted = App.Factory.WithWebHostBuilder(_ => { });
        var audit = restarted.Services.GetRequiredService<AuditLog>();
        Assert.Equal(AuditKeyRing.KeyIdOf(Convert.FromBase64String(newKey)), audit.Keys.CurrentKeyId);
        await audit.AppendAsync("tester@test.example", "test.rotated", "x");
        await using var scope = restarted.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True((await audit.VerifyAsync(db)).Intact);
        Assert.Equal(2, await db.Set<AuditEntry>().Select(e => e.KeyId).Distinct().CountAsync());
        // Without the old key (lost), the entries it authenticated can no longer be verified.
        var withoutOld = await NewRingOnlyAsync(newKey, db);
        Assert.False(withoutOld.Intact);
        Assert.Equal(1, withoutOld.BrokenAt);
        Assert.Equal("key", withoutOld.Reason);
    }

    private async Task<AuditVerification> NewRingOnlyAsync(string newKey, AppDbContext db)
    {
        var ring = AuditKeyRing.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:Key"] = newKey }).Build(),
            NullLogger.Instance);
        using var log = new AuditLog(App.Services.GetRequiredService<IServiceScopeFactory>(), ring, TimeProvider.System);
        return await log.VerifyAsync(db);
    }

    private static readonly byte[] RandomKeyOfTheAttacker = RandomNumberGenerator.GetBytes(32);

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> SubmitCheckpointAsync(HttpClient admin, string text, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await admin.SubmitAsync("/en/admin/audit", new Dictionary<string, string> { ["CheckpointText"] = text }, "#checkpoint-form");
        Assert.Equal(expected, response.StatusCode);
        return await response.DocumentAsync();
    }
}

public sealed class AuditIntegritySqliteTests(SqliteApp app) : AuditIntegrityTests(app), IClassFixture<SqliteApp>;

public sealed class AuditIntegrityPostgresTests(PostgresApp app) : AuditIntegrityTests(app), IClassFixture<PostgresApp>;
