using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Data;

/// <summary>
/// Both migration sets must match the model: if someone changes an entity and forgets
/// scripts/add-migration.sh (or runs it for one provider only), this fails.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite migrations lag the model: run scripts/add-migration.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL migrations lag the model: run scripts/add-migration.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void BothSets_HaveTheSameMigrations()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var pg = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(sqlite), Names(pg));
    }
}

/// <summary>A started site has applied every migration on a real database of each kind.</summary>
public abstract class MigratedDatabaseTests(SayStopApp app)
{
    [Fact]
    public async Task StartedSite_HasNoPendingMigrations()
    {
        app.Require();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }
}

public sealed class MigratedSqliteTests(SqliteApp app) : MigratedDatabaseTests(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Sqlite_RunsInWalWithFullSync()
    {
        app.Require();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}

public sealed class MigratedPostgresTests(PostgresApp app) : MigratedDatabaseTests(app), IClassFixture<PostgresApp>;
