using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SayStop.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseSetup
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> on the provider named by <c>Database:Provider</c>
    /// (<c>Sqlite</c>, the embedded default, or <c>Postgres</c> for several web nodes). Features add EF interceptors
    /// by registering them as singleton <see cref="IInterceptor"/>s (Go4Tips clears its content cache that way).
    /// </summary>
    public static IServiceCollection AddSayStopData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = GetProvider(configuration);
        if (provider == DatabaseProvider.Postgres)
        {
            var cs = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(cs))
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Postgres is empty " +
                    "(set it in configuration or as the environment variable ConnectionStrings__Postgres).");
            }

            services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, o) => o
                .UseNpgsql(WithPoolSettings(cs), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var cs = SqliteConnectionString(configuration);
            services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, o) => o
                .UseSqlite(cs, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(new SqlitePragmas())
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        // Single queries said once here (EF warns when nothing is said): an Include of several collections loads one
        // row's few children (a post's translations and tags); a query that loads many says AsSplitQuery itself.
        services.AddSingleton(new DatabaseInfo(provider));
        return services;
    }

    /// <summary>
    /// Pool settings for a web workload (bench/desk), unless the connection string sets them itself:
    /// <list type="bullet">
    /// <item>A page runs the same few dozen statements again and again: Npgsql prepares the frequent ones once per
    /// pooled connection (<c>Max Auto Prepare</c> 64), so PostgreSQL stops parsing and planning them at every request.</item>
    /// <item>EF Core takes a pooled connection for each query, and by default Npgsql then resets the session with
    /// half a dozen statements (CLOSE ALL, RESET ALL, UNLISTEN, advisory unlock, DISCARD…) sent before the next
    /// query: three inbox queries cost twenty-odd extra statements. SayStop keeps no session state (no SET, no
    /// temporary table, no LISTEN, no advisory lock; transactions end before the connection goes back), so
    /// <c>No Reset On Close</c> is on.</item>
    /// </list>
    /// </summary>
    internal static string WithPoolSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        // Only the keys the string names: the builder cannot tell "false" written out from the default.
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!named.ContainsKey("No Reset On Close") && !named.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public static DatabaseProvider GetProvider(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"], ignoreCase: true, out var p)
            ? p
            : DatabaseProvider.Sqlite;

    internal static string SqliteConnectionString(IConfiguration configuration)
    {
        var builder = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString("Sqlite") ?? "Data Source=data/saystop.db");
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:"
            && builder.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        // Writers wait for each other instead of failing with "database is locked".
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>
    /// SQLite only: copies the write-ahead log into the database file and empties it, so the page versions from
    /// before a deletion (a deleted report, a sent email's address) no longer sit in the -wal file. With
    /// <c>secure_delete</c> the deleted rows are already zeroed in the database file itself. Best effort: while a
    /// reader holds an old snapshot the log cannot be emptied, and the next call (housekeeping, 5 minutes) does it.
    /// </summary>
    public static async Task ForgetDeletedRowsAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, CancellationToken ct = default)
    {
        if (database.IsSqlite())
        {
            await database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
    }

    /// <summary>
    /// WAL lets readers run beside the single writer; synchronous=FULL makes a commit durable before we
    /// answer (a report's receipt must never be shown for data that a power cut could still lose);
    /// secure_delete=ON overwrites deleted rows and freed pages with zeros, so a deleted report or a sent
    /// email's address does not survive in the file's free space (see <see cref="ForgetDeletedRowsAsync"/> for the WAL).
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Pragmas =
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            cmd.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(
            DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider);

// Design-time factories: `dotnet ef migrations add` builds each provider's context without starting the site.
// scripts/add-migration.sh calls both, so the two migration sets never drift apart.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design_time;Username=postgres").Options);
}
