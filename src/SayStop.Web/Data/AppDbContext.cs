using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SayStop.Web.Features.Account;

namespace SayStop.Web.Data;

/// <summary>
/// The one database context. Entity configuration lives beside each entity in its feature folder and is
/// picked up by <see cref="ModelBuilder.ApplyConfigurationsFromAssembly"/>. Two thin subclasses
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>) exist only so each provider keeps
/// its own migration set; feature code always asks for <see cref="AppDbContext"/>.
/// </summary>
public class AppDbContext(DbContextOptions options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Identity shapes its tables from the app's IdentityOptions (schema version 3 adds passkeys). A context
    /// built outside the site (migrations tooling, tests, benchmarks) has no app services, and EF caches one
    /// model per context type, so give such a context the same store options rather than a smaller model.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(StandaloneServices);
        }
    }

    private static readonly IServiceProvider StandaloneServices = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = AccountsModule.IdentitySchema)
        .BuildServiceProvider();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Timestamps are made in code from TimeProvider and always UTC. SQLite gives them back as
        // "Unspecified", which Npgsql would refuse and comparisons would misread, so pin the kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>The SQLite flavour: owns <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The PostgreSQL flavour: owns <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
