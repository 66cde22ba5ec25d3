using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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
