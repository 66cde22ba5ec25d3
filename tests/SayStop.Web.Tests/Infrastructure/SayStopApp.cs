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

    // Chosen before the host starts, so that Site:PublicBaseUrl can name it.
    private readonly int _kestrelPort = FreePort();

    private string KestrelBaseUrl => $"http://127.0.0.1:{_kestrelPort}";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The configured public address (a fixture may set another in <see cref="ConfigureSettings"/>).</summary>
    public const string PublicBaseUrl = "https://saystop.test";

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

    /// <summary>The audit key file: beside the data folder, never in it, as in production (docs/OPERATIONS.md).</summary>
    public string AuditKeyFile => Path.Combine(DataDirectory + "-keys", "audit.key");

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
            b.UseSetting("Audit:KeyFile", AuditKeyFile);
            b.UseSetting("Email:Smtp:Host", "127.0.0.1");
            b.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Email:Smtp:UseStartTls", "false");
            // Required outside Development; every link in every email the test SMTP server receives must start with it.
            // Served by Kestrel (browser tests), emailed links must open in the browser: the site's own address.
            b.UseSetting("Site:PublicBaseUrl", Kestrel ? KestrelBaseUrl : PublicBaseUrl);
            // Staff passwords are hashed at the handlers' key cost (64 MiB in production, covered by the unit tests):
            // every staff account made and signed in here pays it, so the suite uses the cheapest cost.
            if (CheapKeyCost)
            {
                b.UseSetting("Reports:KeyCost:MemoryKiB", "8");
            }

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
            _factory.UseKestrel(_kestrelPort);
            await Task.Run(_factory.StartServer);
            BaseUrl = KestrelBaseUrl;
        }
        else
        {
            await Task.Run(() => _factory.Services);
        }

        if (WithRecoveryKey)
        {
            // As after the first administrator's setup: the report form opens only once the recovery key exists.
            await using var scope = Scope();
            RecoveryText = await scope.ServiceProvider.GetRequiredService<SayStop.Web.Features.Reports.Keys.RecipientKeys>().CreateRecoveryKeyAsync();
        }

        Smtp.ExpectedBaseUrl = Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Site:PublicBaseUrl"];
        Available = true;
    }

    /// <summary>The printed recovery key made at start (null when <see cref="WithRecoveryKey"/> is off).</summary>
    public string? RecoveryText { get; private set; }

    /// <summary>False for a site as it is before its first administrator's setup (no recovery key, form closed).</summary>
    protected virtual bool WithRecoveryKey => true;

    /// <summary>
    /// False keeps the production per-client budgets and the send step's wait without proof of work: for tests of
    /// those budgets through the pages.
    /// </summary>
    protected virtual bool RaiseBudgets => true;

    /// <summary>False leaves the handlers' key cost unconfigured, as deployed (64 MiB per staff sign-in).</summary>
    protected virtual bool CheapKeyCost => true;

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
        foreach (var dir in new[] { DataDirectory, Path.GetDirectoryName(AuditKeyFile)! })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
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
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> s_lastStep = new(StringComparer.Ordinal);

    /// <summary>A code the site has not accepted yet for this key (see <see cref="FreshCode"/>).</summary>
    public string CurrentCode() => FreshCode(AuthenticatorKey);

    /// <summary>
    /// The site accepts each 30-second step once per account, and one step either side: the code of the current
    /// step, else of the next one, else (a third sign-in within one step) the next step's after waiting for it.
    /// </summary>
    public static string FreshCode(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var step = now / 30;
            var last = s_lastStep.GetOrAdd(key, long.MinValue);
            var use = Math.Max(step, last == long.MinValue ? step : last + 1);
            if (use <= step + 1)
            {
                if (s_lastStep.TryUpdate(key, use, last))
                {
                    return totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(use * 30).UtcDateTime);
                }

                continue;
            }

            Thread.Sleep(TimeSpan.FromSeconds(((step + 1) * 30) - now) + TimeSpan.FromMilliseconds(200));
        }
    }
}

public sealed class SqliteApp() : SayStopApp(TestDb.Sqlite);

public sealed class PostgresApp() : SayStopApp(TestDb.Postgres);
