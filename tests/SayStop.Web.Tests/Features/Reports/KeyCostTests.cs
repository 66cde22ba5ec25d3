using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>A site whose handler-key cost was raised to 16 KiB (from the 8 KiB the stored keys below were made at).</summary>
public class RaisedKeyCostApp(TestDb db) : SayStopApp(db)
{
    public static readonly Argon2idCost Older = new(8, 1);

    public static readonly Argon2idCost Current = new(16, 1);

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "16");
    }
}

public sealed class RaisedKeyCostSqliteApp() : RaisedKeyCostApp(TestDb.Sqlite);

public sealed class RaisedKeyCostPostgresApp() : RaisedKeyCostApp(TestDb.Postgres);

/// <summary>A handler's private key stored at an older Argon2id cost moves to the current cost at their next sign-in.</summary>
public abstract class KeyCostTests(RaisedKeyCostApp app)
{
    [Fact]
    public async Task AKeyAtAnOlderCost_IsRewrappedAtTheCurrentCost_AtSignIn_AndStillOpens()
    {
        app.Require();
        Assert.Equal(RaisedKeyCostApp.Current, app.Services.GetRequiredService<ReportsOptions>().KeyCost);
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        (await app.SignInAsync(who)).Dispose();
        Guid userId;
        byte[] publicKey;
        await using (var scope = app.Scope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var key = await db.Set<RecipientKey>().SingleAsync(k => k.UserId == userId && k.RevokedAt == null);
            Assert.Equal(RaisedKeyCostApp.Current, ProtectedPrivateKey.GetCost(key.ProtectedPrivateKey));
            publicKey = key.PublicKey;

            // As if made before the cost was raised.
            Assert.True(ProtectedPrivateKey.TryRewrap(key.ProtectedPrivateKey!, who.Password, who.Password, RaisedKeyCostApp.Older, out var older));
            key.ProtectedPrivateKey = older;
            await db.SaveChangesAsync();
        }

        Assert.Equal(RaisedKeyCostApp.Older, await StoredCostAsync(userId));
        (await app.SignInAsync(who)).Dispose();

        Assert.Equal(RaisedKeyCostApp.Current, await StoredCostAsync(userId));
        await using (var scope = app.Scope())
        {
            using var pair = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(userId, who.Password);
            Assert.NotNull(pair);
            Assert.Equal(publicKey, pair.PublicKey.ToArray());
        }
    }

    private async Task<Argon2idCost> StoredCostAsync(Guid userId)
    {
        await using var scope = app.Scope();
        var blob = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecipientKey>()
            .Where(k => k.UserId == userId && k.RevokedAt == null).Select(k => k.ProtectedPrivateKey).SingleAsync();
        return ProtectedPrivateKey.GetCost(blob);
    }
}

public sealed class KeyCostSqliteTests(RaisedKeyCostSqliteApp app) : KeyCostTests(app), IClassFixture<RaisedKeyCostSqliteApp>;

public sealed class KeyCostPostgresTests(RaisedKeyCostPostgresApp app) : KeyCostTests(app), IClassFixture<RaisedKeyCostPostgresApp>;

/// <summary>The site as deployed, with no cost configured: the production numbers, in its options and in a new key.</summary>
/// <summary>A site with no key cost configured (the suite's other fixtures make staff keys at 8 KiB).</summary>
public sealed class UnconfiguredKeyCostSqliteApp() : SayStopApp(TestDb.Sqlite)
{
    protected override bool CheapKeyCost => false;
}

public sealed class ProductionKeyCostTests(UnconfiguredKeyCostSqliteApp app) : IClassFixture<UnconfiguredKeyCostSqliteApp>
{
    [Fact]
    public async Task AnUnconfiguredSite_Uses64MiBForHandlerKeys_And12MiBThreePassesForReceipts()
    {
        app.Require();
        var options = app.Services.GetRequiredService<ReportsOptions>();
        Assert.Equal((65536, 1), (options.KeyCost.MemoryKiB, options.KeyCost.Iterations));
        Assert.Equal((12288, 3), (options.ReceiptCost.MemoryKiB, options.ReceiptCost.Iterations));

        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        (await app.SignInAsync(who)).Dispose();
        await using var scope = app.Scope();
        var userId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
        var blob = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecipientKey>()
            .Where(k => k.UserId == userId).Select(k => k.ProtectedPrivateKey).SingleAsync();
        Assert.Equal(new Argon2idCost(65536, 1), ProtectedPrivateKey.GetCost(blob));
    }
}
