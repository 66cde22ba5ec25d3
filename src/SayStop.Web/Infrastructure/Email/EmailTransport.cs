using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SayStop.Web.Infrastructure.Email;

public sealed class EmailOptions
{
    public string From { get; set; } = "SayStop <no-reply@saystop.local>";

    /// <summary>
    /// Development without SMTP only: how long an .eml file (addresses, invitation links) stays in the mail folder
    /// before the dispatcher deletes it. Seven days, as long as an invitation link works.
    /// </summary>
    public int FileRetentionDays { get; set; } = 7;

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = string.Empty;

        public int Port { get; set; } = 587;

        public bool UseStartTls { get; set; } = true;

        public string UserName { get; set; } = string.Empty;

        public string Password { get; set; } = string.Empty;
    }
}

/// <summary>Where a built message goes: an SMTP server, or .eml files when none is configured.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>SMTP through MailKit. STARTTLS when asked; plain only for a local test server.</summary>
internal sealed class SmtpEmailTransport(EmailOptions options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        client.Timeout = 30_000;
        await client.ConnectAsync(options.Smtp.Host, options.Smtp.Port,
            options.Smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.Smtp.UserName))
        {
            await client.AuthenticateAsync(options.Smtp.UserName, options.Smtp.Password, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// Development only (no SMTP server configured): writes each message as an .eml file under data/mail, so the site
/// runs with no mail server, and deletes files older than <see cref="EmailOptions.FileRetentionDays"/>: they hold
/// addresses and invitation links, and a reporter's deleted report must not leave their address here for ever.
/// </summary>
internal sealed class PickupDirectoryEmailTransport(string directory, TimeSpan retention, TimeProvider clock) : IEmailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, ct);
        // The file's own time is the clock's (tests move it), so expiry below reads one clock.
        File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Deletes the files written longer ago than the retention; returns how many.</summary>
    public int DeleteExpired()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime - retention;
        var deleted = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.eml"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                File.Delete(file);
                deleted++;
            }
        }

        return deleted;
    }
}

/// <summary>
/// Outside Development with no SMTP server configured: nothing is sent and nothing is written to disk; messages
/// wait in the outbox until <c>Email:Smtp:Host</c> is set (the start-up log says so).
/// </summary>
internal sealed class UnconfiguredEmailTransport : IEmailTransport
{
    public Task SendAsync(MimeMessage message, CancellationToken ct) =>
        throw new InvalidOperationException("No SMTP server is configured (Email:Smtp:Host).");
}
