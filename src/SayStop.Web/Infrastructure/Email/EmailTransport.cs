using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SayStop.Web.Infrastructure.Email;

public sealed class EmailOptions
{
    public string From { get; set; } = "SayStop <no-reply@saystop.local>";

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

/// <summary>Writes each message as an .eml file under data/mail, so the site runs with no mail server.</summary>
internal sealed class PickupDirectoryEmailTransport(string directory) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, ct);
    }
}
