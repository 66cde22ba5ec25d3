using Microsoft.EntityFrameworkCore;
using MimeKit;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Infrastructure.Email;

/// <summary>
/// Sends the outbox. Each node claims a batch with a short lease (a conditional UPDATE that only one node
/// can win), so with several web nodes a message goes out once; a node that dies mid-send loses its lease
/// and another node retries. Failures back off exponentially and give up after <see cref="MaxAttempts"/>.
/// </summary>
internal sealed class EmailDispatcher(
    IServiceScopeFactory scopes,
    IEmailTransport transport,
    EmailOptions options,
    TimeProvider clock,
    ILogger<EmailDispatcher> logger) : PollingWorker(clock, logger)
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(2);
    private readonly string _node = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];

    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    protected override TimeSpan Interval => PollInterval;

    private DateTimeOffset _nextFileCleanup;

    protected override Task RunRoundAsync(CancellationToken ct)
    {
        if (transport is PickupDirectoryEmailTransport files && Clock.GetUtcNow() >= _nextFileCleanup)
        {
            // Each node its own folder (development runs one node anyway), so this is not a leased job.
            _nextFileCleanup = Clock.GetUtcNow().AddMinutes(1);
            var deleted = files.DeleteExpired();
            if (deleted > 0)
            {
                logger.LogInformation("{Count} expired .eml file(s) deleted from the mail folder", deleted);
            }
        }

        return SendDueAsync(ct);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (transport is PickupDirectoryEmailTransport files)
        {
            logger.LogInformation(
                "No SMTP server configured (Email:Smtp:Host): Development writes emails as .eml files to {MailFolder} and deletes them after {Days} days. Other environments send nothing until a server is configured.",
                Path.GetFullPath(files.Directory), options.FileRetentionDays);
        }
        else if (transport is UnconfiguredEmailTransport)
        {
            logger.LogWarning(
                "No SMTP server configured (Email:Smtp:Host): no email is sent (invitations, reporter notices, reminders); they wait in the outbox until one is configured. .eml files are written in Development only.");
        }

        return base.StartAsync(cancellationToken);
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        if (transport is UnconfiguredEmailTransport)
        {
            // Without a mail server outside Development, messages wait in the outbox instead of using up their attempts.
            return 0;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var candidates = await db.Set<OutboxEmail>()
            .Where(e => e.SentAt == null && !e.GaveUp && e.NextAttemptAt <= now && (e.LeaseUntil == null || e.LeaseUntil < now))
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(20)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var id in candidates)
        {
            var until = now.Add(LeaseLength);
            var claimed = await db.Set<OutboxEmail>()
                .Where(e => e.Id == id && e.SentAt == null && (e.LeaseUntil == null || e.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, _node).SetProperty(e => e.LeaseUntil, until), ct);
            if (claimed != 1)
            {
                continue;
            }

            var email = await db.Set<OutboxEmail>().AsNoTracking().SingleAsync(e => e.Id == id, ct);
            try
            {
                await transport.SendAsync(Build(email), ct);
                await db.Set<OutboxEmail>().Where(e => e.Id == id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(e => e.SentAt, Clock.GetUtcNow().UtcDateTime)
                        .SetProperty(e => e.Attempts, email.Attempts + 1)
                        .SetProperty(e => e.LeaseOwner, (string?)null)
                        .SetProperty(e => e.LeaseUntil, (DateTime?)null), ct);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var attempts = email.Attempts + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(3, attempts - 1)));
                // The recipient address is personal data: log the message id, not the address.
                logger.LogWarning("Email {EmailId} failed (attempt {Attempt}): {Error}", id, attempts, ex.GetType().Name);
                await db.Set<OutboxEmail>().Where(e => e.Id == id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(e => e.Attempts, attempts)
                        .SetProperty(e => e.GaveUp, attempts >= MaxAttempts)
                        .SetProperty(e => e.LastError, ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message)
                        .SetProperty(e => e.NextAttemptAt, Clock.GetUtcNow().UtcDateTime.Add(delay))
                        .SetProperty(e => e.LeaseOwner, (string?)null)
                        .SetProperty(e => e.LeaseUntil, (DateTime?)null), ct);
            }
        }

        return sent;
    }

    private MimeMessage Build(OutboxEmail email)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
        message.Body = email.MimeBody is { Length: > 0 } mime
            ? MimeEntity.Load(new MemoryStream(mime))
            : new TextPart("plain") { Text = email.TextBody };
        return message;
    }
}

public static class EmailModule
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            var dataDir = configuration["Site:DataDirectory"] ?? "data";
            services.AddSingleton<IEmailTransport>(sp => sp.GetRequiredService<IHostEnvironment>().IsDevelopment()
                ? new PickupDirectoryEmailTransport(Path.Combine(dataDir, "mail"), TimeSpan.FromDays(Math.Max(0, options.FileRetentionDays)),
                    sp.GetRequiredService<TimeProvider>())
                : new UnconfiguredEmailTransport());
        }
        else
        {
            services.AddSingleton<IEmailTransport>(new SmtpEmailTransport(options));
        }

        services.AddScoped<EmailOutbox>();
        services.AddSingleton<EmailDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailDispatcher>());
        return services;
    }
}
