using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OtpNet;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Tests.Infrastructure;

public enum TestDb
{
    Sqlite,
    Postgres,
}

/// <summary>Real time plus an offset the test moves forward; timers keep running on real time.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Offset += by;
}

/// <summary>
/// The whole site on a real database: a fresh SQLite file in a temporary folder, or a fresh database on
/// the PostgreSQL server that scripts/test.sh started; real migrations; a real SMTP server for its mail.
/// </summary>
public class SayStopApp : IAsyncLifetime
{
    private readonly TestDb _db;
    private WebApplicationFactory<Program>? _factory;
    private string? _postgresDatabase;

    static SayStopApp()
    {
        EmailDispatcher.PollInterval = TimeSpan.FromMilliseconds(200);
        JobRunner.PollInterval = TimeSpan.FromMilliseconds(300);
    }

    public SayStopApp(TestDb db, bool kestrel = false)
    {
        _db = db;
        Kestrel = kestrel;
    }

    public bool Kestrel { get; }

    public TestDb Db => _db;

    public bool Available { get; private set; }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "saystop-tests", Guid.NewGuid().ToString("N"));

    public ShiftedTimeProvider Clock { get; } = new();

    /// <summary>Everything the site logged, at every level.</summary>
    public CapturedLogs Logs { get; } = new();

    public TestSmtpServer Smtp { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => Factory.Services;

    public string SqliteFile => Path.Combine(DataDirectory, "saystop.db");

    public string? ConnectionString { get; private set; }

    /// <summary>Base address when served by Kestrel (browser tests).</summary>
    public string BaseUrl { get; private set; } = "http://localhost";

    public void Require()
    {
        if (_db == TestDb.Postgres)
        {
            TestEnvironment.RequirePostgres();
        }

        if (!Available)
        {
            Assert.Fail("The test site did not start.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (_db == TestDb.Postgres && TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        Smtp = new TestSmtpServer();
        if (_db == TestDb.Postgres)
        {
            _postgresDatabase = "saystop_test_" + Guid.NewGuid().ToString("N")[..16];
            await using var conn = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", conn);
            await cmd.ExecuteNonQueryAsync();
            ConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            ConnectionString = $"Data Source={SqliteFile}";
        }

        _factory = new ConfiguredFactory(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", _db.ToString());
            b.UseSetting("ConnectionStrings:Sqlite", _db == TestDb.Sqlite ? ConnectionString : "Data Source=" + SqliteFile);
            b.UseSetting("ConnectionStrings:Postgres", _db == TestDb.Postgres ? ConnectionString : string.Empty);
            b.UseSetting("Site:SeedDemoContent", "false");
            b.UseSetting("Site:PrintFirstAdministratorLink", "false");
            b.UseSetting("Site:DataDirectory", DataDirectory);
            b.UseSetting("Email:Smtp:Host", "127.0.0.1");
            b.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Email:Smtp:UseStartTls", "false");
            if (RaiseBudgets)
            {
                // Every test talks from one client: its budgets would run out; the wait without a proof of work would
                // slow every send. Flood tests keep the real ones (RaiseBudgets false).
                b.UseSetting("Reports:SubmissionsPerClientPerHour", "100000");
                b.UseSetting("Reports:FollowUpPermitsPerClientPerMinute", "100000");
                b.UseSetting("Reports:SendChallenge:NoScriptWaitSeconds", "0");
                b.UseSetting("Reports:SendChallenge:Difficulty", "8");
            }

            ConfigureSettings(b);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            });
        });
        // Starting the host blocks on async work; doing it on the thread pool keeps xunit's limited
        // synchronization context free, or several fixtures starting at once deadlock it.
        if (Kestrel)
        {
            _factory.UseKestrel(0);
            await Task.Run(_factory.StartServer);
            BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }
        else
        {
            await Task.Run(() => _factory.Services);
        }

        Available = true;
    }

    /// <summary>
    /// False keeps the production per-client budgets and the send step's wait without proof of work: for tests of
    /// those budgets through the pages.
    /// </summary>
    protected virtual bool RaiseBudgets => true;

    /// <summary>Extra settings for a derived fixture.</summary>
    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    public HttpClient Client(bool followRedirects = false) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true });

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Creates an active staff account with a known password and authenticator key, as if set up.</summary>
    public async Task<StaffCredentials> CreateStaffAsync(params string[] roles)
    {
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var store = (IUserAuthenticatorKeyStore<StaffUser>)scope.ServiceProvider.GetRequiredService<IUserStore<StaffUser>>();
        var email = $"staff-{Guid.NewGuid():N}@test.example";
        var password = "correct horse battery " + Guid.NewGuid().ToString("N")[..6];
        var key = Base32Encoding.ToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var user = new StaffUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Test " + string.Join('+', roles),
            CreatedAt = DateTime.UtcNow,
            ActivatedAt = DateTime.UtcNow,
            TwoFactorEnabled = true,
        };
        Check(await users.CreateAsync(user, password));
        await store.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        Check(await users.UpdateAsync(user));
        foreach (var role in roles)
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        return new StaffCredentials(email, password, key);
    }

    public async Task<AppDbContext> DbAsync()
    {
        var scope = Scope();
        await Task.CompletedTask;
        return scope.ServiceProvider.GetRequiredService<AppDbContext>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded)
        {
            throw new InvalidOperationException(string.Join(", ", r.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>A factory configured by subclassing (UseKestrel is honoured here, not on a WithWebHostBuilder copy).</summary>
internal sealed class ConfiguredFactory(Action<IWebHostBuilder> configure) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => configure(builder);
}

public sealed record StaffCredentials(string Email, string Password, string AuthenticatorKey)
{
    public string CurrentCode() => new Totp(Base32Encoding.ToBytes(AuthenticatorKey)).ComputeTotp();
}

public sealed class SqliteApp() : SayStopApp(TestDb.Sqlite);

public sealed class PostgresApp() : SayStopApp(TestDb.Postgres);
