using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Desk.Bench;

/// <summary>The handler the bench signs in as (password + TOTP), written by the seeder for the client.</summary>
internal sealed record HandlerCredentials(string Email, string Password, string AuthenticatorKey);

/// <summary>
/// Fills a SayStop database with a realistic desk load without the report form (Argon2id per receipt makes 100,000
/// form posts impossible): it starts SayStop's own host in-process (no HTTP) and writes through its model (Identity for
/// the handler, RecipientKeys for the handler's and the recovery key, AppDbContext for the rows).
/// The envelope and the sealed keys are bound to the report id, so a copied ciphertext does not open under another
/// id: one report in <c>SEAL_EVERY</c> (100) is genuinely sealed (answers, contact, its content key sealed to the
/// recovery key and the bench handler's key) and listed in report-ids.txt, the ones the client opens; the others carry
/// a copy of one sealed report's bytes (same sizes, same rows, but they would not open). <c>SEAL_EVERY=1</c> seals all
/// (about ten times slower). The receipt verifier (the Argon2id step) is made once and copied: no seeded report opens
/// with a receipt. Adds reports until the table holds <c>target</c>, so 10,000 then 100,000 keeps the first 10,000.
/// </summary>
internal static class Seeder
{
    public const string HandlerEmail = "bench-handler@bench.example";

    // Weighted like the network's caseload: destinations first, then the countries people report from.
    private static readonly (string Code, int Weight)[] CountryWeights =
    [
        ("TH", 15), ("PH", 10), ("KH", 6), ("VN", 6), ("ID", 6), ("IN", 5), ("BR", 5), ("MA", 4), ("KE", 4), ("DO", 3),
        ("CO", 3), ("MX", 3), ("BE", 8), ("FR", 5), ("NL", 4), ("ES", 2), ("DE", 2), ("LK", 2), ("NP", 2), (Countries.Other, 5),
    ];

    private static readonly (string Kind, int Weight)[] KindWeights =
        [("Suspicious", 40), ("Exploitation", 20), ("Offer", 10), ("Online", 20), ("Other", 10)];

    private static readonly string[] Cities = ["Pattaya", "Bangkok", "Manila", "Siem Reap", "Hanoi", "Bali", "Goa", "Recife", "Marrakech", "Mombasa"];

    public static async Task<int> RunAsync(string provider, string connectionString, string dataDirectory, int target, string outDirectory)
    {
        await using var factory = new SeedFactory(provider, connectionString, dataDirectory);
        var services = factory.Services;
        var credentials = new HandlerCredentials(HandlerEmail, "bench handler passphrase 2026",
            Base32Encoding.ToString(System.Text.Encoding.ASCII.GetBytes("saystop-bench-totp!!")));

        Guid handlerId;
        List<Guid> handlers;
        List<(Guid Id, byte[] PublicKey)> recipients;
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var keys = scope.ServiceProvider.GetRequiredService<RecipientKeys>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var handler = await users.FindByEmailAsync(HandlerEmail) ?? await CreateHandlerAsync(scope.ServiceProvider, credentials, "Bench Handler", withAuthenticator: true);
            handlerId = handler.Id;
            await keys.EnsureCaseHandlerKeyAsync(handler, credentials.Password);
            if (!await db.Set<RecipientKey>().AnyAsync(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null))
            {
                await keys.CreateRecoveryKeyAsync(); // the printable private part is dropped: nobody needs it here
            }

            // Colleagues to assign reports to (no keys, never signed in: names in the inbox's assignee column).
            for (var i = 1; i <= 4; i++)
            {
                if (await users.FindByEmailAsync($"bench-colleague-{i}@bench.example") is null)
                {
                    await CreateHandlerAsync(scope.ServiceProvider, credentials with { Email = $"bench-colleague-{i}@bench.example" }, $"Colleague {i}", withAuthenticator: false);
                }
            }

            handlers = (await users.GetUsersInRoleAsync(StaffRoles.CaseHandler)).Select(u => u.Id).ToList();
            recipients = (await db.Set<RecipientKey>().AsNoTracking().Where(k => k.RevokedAt == null).Select(k => new { k.Id, k.PublicKey }).ToListAsync())
                .Select(k => (k.Id, k.PublicKey)).ToList();
        }

        await File.WriteAllTextAsync(Path.Combine(outDirectory, "handler.json"), JsonSerializer.Serialize(credentials));

        int existing;
        byte[] verifier;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            existing = await db.Set<Report>().CountAsync();
            verifier = await db.Set<Report>().OrderBy(r => r.Id).Select(r => r.ReceiptVerifier).FirstOrDefaultAsync() ?? MakeVerifier();
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        const int batch = 2000;
        var sealing = TimeSpan.Zero;
        var sealEvery = int.TryParse(Environment.GetEnvironmentVariable("SEAL_EVERY"), out var every) && every > 0 ? every : 100;
        var idsFile = Path.Combine(outDirectory, "report-ids.txt");
        var template = MakeReport(new Random(1), today, handlers, handlerId, recipients, verifier, copyOf: null);
        for (var done = existing; done < target; done += batch)
        {
            var count = Math.Min(batch, target - done);
            var made = new Made[count];
            var sealStart = clock.Elapsed;
            var first = done;
            Parallel.For(0, count, i => made[i] = MakeReport(new Random(20261130 + first + i), today, handlers, handlerId,
                recipients, verifier, copyOf: (first + i) % sealEvery == 0 ? null : template));
            sealing += clock.Elapsed - sealStart;
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var m in made)
            {
                db.Add(m.Report);
                db.AddRange(m.Keys);
                db.AddRange(m.Events);
            }

            await db.SaveChangesAsync();
            await File.AppendAllLinesAsync(idsFile, made.Where(m => m.Genuine).Select(m => m.Report.Id.ToString()));
            Console.Error.Write($"\r  seeded {done + count:N0}/{target:N0} reports ({clock.Elapsed.TotalSeconds:0} s, sealing {sealing.TotalSeconds:0} s)");
        }

        Console.Error.WriteLine();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Fresh statistics, as autovacuum or a nightly ANALYZE would have after a day of this volume.
            await db.Database.ExecuteSqlRawAsync(provider == "Postgres" ? "VACUUM ANALYZE" : "ANALYZE");
        }

        return 0;
    }

    private sealed record Made(Report Report, List<ReportSealedKey> Keys, List<CaseEvent> Events, bool Genuine);

    private static Made MakeReport(Random rng, DateOnly today, List<Guid> handlers, Guid benchHandler,
        List<(Guid Id, byte[] PublicKey)> recipients, byte[] verifier, Made? copyOf)
    {
        // Received over the last two years, a little more often recently (the network grows).
        var age = (int)(730 * Math.Pow(rng.NextDouble(), 1.25));
        var received = today.AddDays(-age);
        var country = Pick(rng, CountryWeights);
        var kind = Pick(rng, KindWeights);
        var urgent = rng.NextDouble() < 0.08;

        ReportStatus status;
        DateOnly? acknowledged = null;
        DateOnly? feedback = null;
        var overdue = rng.NextDouble() < 0.03; // a few slip: the inbox must show them
        if (age < 7)
        {
            status = rng.NextDouble() < 0.6 ? ReportStatus.Received : ReportStatus.BeingAnalysed;
        }
        else if (age < 90)
        {
            var r = rng.NextDouble();
            status = r < 0.5 ? ReportStatus.BeingAnalysed : r < 0.8 ? ReportStatus.ForwardedToPolice : ReportStatus.Closed;
        }
        else
        {
            var r = rng.NextDouble();
            status = r < 0.04 ? ReportStatus.BeingAnalysed : r < 0.6 ? ReportStatus.ForwardedToPolice : ReportStatus.Closed;
        }

        if (status != ReportStatus.Received && !(overdue && status == ReportStatus.BeingAnalysed && age >= 7))
        {
            acknowledged = received.AddDays(rng.Next(0, Math.Min(age, 6) + 1));
        }

        if (status is ReportStatus.ForwardedToPolice or ReportStatus.Closed)
        {
            var by = Math.Min(age, 80);
            feedback = received.AddDays(rng.Next(Math.Min(7, by), by + 1));
            acknowledged ??= received.AddDays(rng.Next(0, 7));
        }
        else if (status == ReportStatus.BeingAnalysed && age >= 90 && !overdue)
        {
            // A long analysis still told the reporter where it stands within three months.
            feedback = received.AddDays(rng.Next(30, 85));
        }

        Guid? assignee = status == ReportStatus.Received ? null
            : rng.NextDouble() < 0.4 ? benchHandler
            : rng.NextDouble() < 0.85 ? handlers[rng.Next(handlers.Count)] : null;

        var id = Guid.CreateVersion7(new DateTimeOffset(received.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var answers = new ReportAnswers(
            Urgent: urgent,
            Kind: kind,
            When: "in the evening, around 10 pm",
            Country: country,
            Place: string.Empty,
            WhatHappened: "BENCH-SEALED-REPORT. A man in his fifties left the bar with a girl who looked about twelve. "
                + "He had been drinking with two other men and paid the bar staff before leaving. The girl did not speak. "
                + "They walked towards the beach road and got into a grey car parked near the market. I asked the waiter; "
                + "he said the man comes every evening and stays at a guesthouse nearby. " + rng.Next(),
            City: Cities[rng.Next(Cities.Length)],
            PlaceKind: ReportChoices.PlaceKinds[rng.Next(ReportChoices.PlaceKinds.Count)],
            PlaceName: "Blue bar",
            Suspect: new SuspectDetails(null, "Tall, grey hair, red shirt", "about 50", "spoke English with a German accent", "grey pick-up", null, "a guesthouse near the market"),
            Children: new ChildrenDetails("One", "about 12", "Girls", "thin, school uniform"),
            AlreadyActed: rng.NextDouble() < 0.3 ? ["HotelStaff"] : null,
            OnDate: received.AddDays(-rng.Next(0, 3)));
        var copy = copyOf;
        using var key = copy is null ? ContentKey.Create() : null;
        var report = new Report
        {
            Id = id,
            Locator = CrockfordLocator(id),
            ReceivedOn = received,
            Country = country,
            Kind = kind,
            Urgent = urgent,
            Status = status,
            AssigneeId = assignee,
            AcknowledgedOn = acknowledged,
            FeedbackOn = feedback,
            SubmissionId = Guid.NewGuid(),
            // Steady state: a working desk has indexed its reports (copies could not be indexed anyway: they do not
            // open); the really sealed ones are left for the inbox views to index, a few per view as in production.
            IndexedVersion = copy is null ? 0 : DeskIndex.Version,
            ReceiptVerifier = verifier,
            SealedAnswers = copy?.Report.SealedAnswers ?? ReportEnvelope.Seal(key!, id, SealingPurpose.Answers, JsonSerializer.SerializeToUtf8Bytes(answers, Json)),
            SealedContact = rng.NextDouble() >= 0.3 ? null
                : copy is not null ? copy.Report.SealedContact : ReportEnvelope.Seal(key!, id, SealingPurpose.Contact,
                    JsonSerializer.SerializeToUtf8Bytes(new ReporterContact($"reporter{rng.Next()}@example.org"), Json)),
        };
        var sealedKeys = recipients.Select((r, i) => new ReportSealedKey
        {
            ReportId = id,
            RecipientKeyId = r.Id,
            SealedKey = copy?.Keys[i].SealedKey ?? SealedKey.Seal(key!, RecipientPublicKey.FromBytes(r.PublicKey), id),
        }).ToList();

        var events = new List<CaseEvent>();
        var actor = assignee ?? benchHandler;
        if (acknowledged is { } ack)
        {
            events.Add(Event(id, ack, actor, CaseEventKind.StatusChanged, nameof(ReportStatus.BeingAnalysed)));
            if (assignee is { } a)
            {
                events.Add(Event(id, ack, actor, CaseEventKind.Assigned, a.ToString()));
            }
        }

        if (feedback is { } fb && status != ReportStatus.BeingAnalysed)
        {
            events.Add(Event(id, fb, actor, CaseEventKind.StatusChanged, status.ToString()));
        }

        return new Made(report, sealedKeys, events, Genuine: copy is null);
    }

    private static CaseEvent Event(Guid reportId, DateOnly day, Guid actor, CaseEventKind kind, string value) => new()
    {
        Id = Guid.CreateVersion7(),
        ReportId = reportId,
        At = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
        ActorId = actor,
        Kind = kind,
        Value = value,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A unique 8-character locator from the id's random bits (Crockford alphabet, like real receipts).</summary>
    private static string CrockfordLocator(Guid id)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var bytes = id.ToByteArray();
        var value = BitConverter.ToUInt64(bytes, 8);
        var chars = new char[Report.LocatorLength];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }

    private static byte[] MakeVerifier()
    {
        using var key = ContentKey.Create();
        return ReceiptVerifier.Create(Receipt.Create(), key, Guid.CreateVersion7(), Argon2idCost.Interactive);
    }

    private static T Pick<T>(Random rng, (T Value, int Weight)[] weights)
    {
        var n = rng.Next(weights.Sum(w => w.Weight));
        foreach (var (value, weight) in weights)
        {
            if ((n -= weight) < 0)
            {
                return value;
            }
        }

        return weights[^1].Value;
    }

    private static async Task<StaffUser> CreateHandlerAsync(IServiceProvider services, HandlerCredentials who, string name, bool withAuthenticator)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser
        {
            Id = Guid.CreateVersion7(),
            UserName = who.Email,
            Email = who.Email,
            EmailConfirmed = true,
            DisplayName = name,
            CreatedAt = DateTime.UtcNow,
            ActivatedAt = DateTime.UtcNow,
            TwoFactorEnabled = true,
        };
        Check(await users.CreateAsync(user, who.Password));
        if (withAuthenticator)
        {
            var store = (IUserAuthenticatorKeyStore<StaffUser>)services.GetRequiredService<IUserStore<StaffUser>>();
            await store.SetAuthenticatorKeyAsync(user, who.AuthenticatorKey, CancellationToken.None);
            Check(await users.UpdateAsync(user));
        }

        Check(await users.AddToRoleAsync(user, StaffRoles.CaseHandler));
        return user;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded)
        {
            throw new InvalidOperationException(string.Join(", ", r.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>SayStop's host with the bench's settings, started without a server (the real site is stopped meanwhile).</summary>
    private sealed class SeedFactory(string provider, string connectionString, string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", provider);
            builder.UseSetting("ConnectionStrings:Sqlite", provider == "Sqlite" ? connectionString : $"Data Source={dataDirectory}/saystop.db");
            builder.UseSetting("ConnectionStrings:Postgres", provider == "Postgres" ? connectionString : string.Empty);
            builder.UseSetting("Site:SeedDemoContent", "false");
            builder.UseSetting("Site:PrintFirstAdministratorLink", "false");
            // Required outside Development; the seeder sends no email, any address will do.
            builder.UseSetting("Site:PublicBaseUrl", "http://127.0.0.1");
            builder.UseSetting("Site:DataDirectory", dataDirectory);
            builder.UseSetting("Desk:DeleteAfterForwardedDays", "3650");
            builder.UseSetting("Desk:DeleteAfterClosedDays", "3650");
            builder.UseSetting("Logging:LogLevel:Default", "Error");
        }
    }
}
