using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>A real SMTP server on 127.0.0.1 (the SmtpServer package) that keeps every message it receives.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public TestSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages.ToArray();

    /// <summary>The site's configured public address; when set, every link of a message handed to a test must start with it.</summary>
    public string? ExpectedBaseUrl { get; set; }

    /// <summary>
    /// Every link in the text and HTML parts that is not absolute on <paramref name="baseUrl"/>: relative paths
    /// (a mail client cannot open them), and absolute ones to any other address (a forged Host header would do that).
    /// </summary>
    public static IReadOnlyList<string> LinkProblems(MimeMessage message, string baseUrl)
    {
        var prefix = baseUrl.TrimEnd('/') + "/";
        var problems = new List<string>();
        foreach (var part in message.BodyParts.OfType<TextPart>())
        {
            var text = part.Text ?? string.Empty;
            if (part.IsHtml)
            {
                foreach (var link in EmailLinks.HtmlLink().Matches(text).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))
                {
                    if (!link.StartsWith(prefix, StringComparison.Ordinal) && !link.StartsWith("mailto:", StringComparison.Ordinal))
                    {
                        problems.Add("html link: " + link);
                    }
                }
            }

            foreach (var link in EmailLinks.AbsoluteUrl().Matches(text).Select(m => m.Value))
            {
                if (!link.StartsWith(prefix, StringComparison.Ordinal))
                {
                    problems.Add("foreign link: " + link);
                }
            }

            foreach (var link in EmailLinks.RelativePath().Matches(text).Select(m => m.Value))
            {
                problems.Add("relative link: " + link);
            }
        }

        return problems;
    }

    /// <summary>Waits (up to the timeout) for a message to a given address.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var m = _store.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)));
            if (m is not null)
            {
                if (ExpectedBaseUrl is { Length: > 0 } expected && LinkProblems(m, expected) is { Count: > 0 } problems)
                {
                    Assert.Fail($"The email \"{m.Subject}\" has links not absolute on {expected}: {string.Join("; ", problems)}");
                }

                return m;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No email to {to} arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

internal static partial class EmailLinks
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:href|src)\s*=\s*[""']([^""']*)[""']", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    public static partial System.Text.RegularExpressions.Regex HtmlLink();

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<>""')\]]+")]
    public static partial System.Text.RegularExpressions.Regex AbsoluteUrl();

    /// <summary>A site path (culture first) not preceded by a host: "/fr/account/setup?token=…" standing alone.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w/:.\-])/(?:fr|nl|en)/[^\s<>""')\]]*")]
    public static partial System.Text.RegularExpressions.Regex RelativePath();
}
