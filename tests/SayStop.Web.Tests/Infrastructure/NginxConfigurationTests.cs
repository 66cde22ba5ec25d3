using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>
/// The nginx site file docs/OPERATIONS.md ships (deploy/nginx/saystop.conf): read as text, then run by the real nginx
/// in front of a slow upstream, to show it streams request bodies (nothing in client_body_temp_path) and writes no
/// client address to any log, even for an oversized upload.
/// </summary>
public sealed partial class NginxConfigurationTests
{
    private const string Nginx = "/usr/sbin/nginx";

    private static readonly string SiteFile = Path.Combine(Repo.Root, "deploy", "nginx", "saystop.conf");

    private static string WithoutComments(string text) => string.Join('\n', text.Split('\n').Select(l => l.Split('#')[0]));

    /// <summary>The top-level server { … } blocks' bodies.</summary>
    private static List<string> ServerBlocks(string text)
    {
        var blocks = new List<string>();
        foreach (Match m in ServerStart().Matches(text))
        {
            var depth = 0;
            for (var i = m.Index + m.Length - 1; i < text.Length; i++)
            {
                depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
                if (depth == 0)
                {
                    blocks.Add(text[(m.Index + m.Length)..i]);
                    break;
                }
            }
        }

        return blocks;
    }

    [Fact]
    public void TheShippedSiteFile_LogsNoClientAddress_AndStreamsRequestBodies()
    {
        var text = WithoutComments(File.ReadAllText(SiteFile));
        // The one use of the client's address: handed to the app (overwriting any header the client sent) for its
        // in-memory per-client flood budgets. Nothing else may name it: no log format, no other header.
        Assert.Single(Regex.Matches(text, @"\$remote_addr\b"));
        Assert.Matches(@"\bproxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", text);
        text = Regex.Replace(text, @"\bproxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", string.Empty);
        foreach (var variable in new[] { "$remote_addr", "$binary_remote_addr", "$remote_port", "$proxy_add_x_forwarded_for", "$http_x_forwarded_for",
                     "$http_x_real_ip", "$realip_remote_addr", "$proxy_protocol_addr", "$http_forwarded" })
        {
            Assert.DoesNotContain(variable, text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"\blog_format\b", text);
        Assert.DoesNotMatch(@"\bclient_body_in_file_only\s+(on|clean)", text);
        var servers = ServerBlocks(text);
        Assert.Equal(2, servers.Count);
        foreach (var server in servers)
        {
            // Every log directive of the server: the access log off, the error log nowhere.
            Assert.Equal(["access_log off;"], Regex.Matches(server, @"\baccess_log\b[^;]*;").Select(m => Regex.Replace(m.Value, @"\s+", " ")));
            Assert.Equal(["error_log /dev/null;"], Regex.Matches(server, @"\berror_log\b[^;]*;").Select(m => Regex.Replace(m.Value, @"\s+", " ")));
            Assert.All(Regex.Matches(server, @"\blisten\b[^;]*;"), l => Assert.Contains("default_server", l.Value, StringComparison.Ordinal));
        }

        var https = servers.Single(s => s.Contains("ssl_certificate", StringComparison.Ordinal));
        Assert.Matches(@"\bproxy_request_buffering\s+off;", https);
        Assert.Matches(@"\bproxy_max_temp_file_size\s+0;", https);
        Assert.Matches(@"\bproxy_http_version\s+1\.1;", https);
        Assert.DoesNotMatch(@"\bproxy_request_buffering\s+on;", https);
        var max = Regex.Match(https, @"\bclient_max_body_size\s+(\d+)m;");
        Assert.True(max.Success);
        Assert.True(long.Parse(max.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024 >= FormModel.MaxRequestBytes);
    }

    [Fact]
    public async Task Nginx_RunsTheShippedSiteFile_StreamsAnUploadPastItsTempFolder_AndLogsNoAddress_EvenForAnOversizedOne()
    {
        if (!File.Exists(Nginx))
        {
            if (TestEnvironment.IsCi)
            {
                Assert.Fail($"CI=true and {Nginx} is missing.");
            }

            Assert.Skip($"{Nginx} is not available here.");
        }

        var dir = Path.Combine(Path.GetTempPath(), "saystop-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows())
        {
            // nginx's workers may run as another user: they must reach the folder.
            File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        }
        var body = Path.Combine(dir, "body");
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var upstreamPort = ((IPEndPoint)upstream.LocalEndpoint).Port;
        var (httpPort, httpsPort) = (FreePort(), FreePort());
        string? thumbprint = null;
        try
        {
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                thumbprint = cert.GetCertHashString();
                await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
                await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
            }

            // The shipped file, with only its placeholders replaced.
            var site = (await File.ReadAllTextAsync(SiteFile))
                .Replace("/etc/ssl/saystop/fullchain.pem", Path.Combine(dir, "cert.pem"), StringComparison.Ordinal)
                .Replace("/etc/ssl/saystop/privkey.pem", Path.Combine(dir, "key.pem"), StringComparison.Ordinal)
                .Replace("/var/cache/nginx/saystop", Path.Combine(dir, "cache"), StringComparison.Ordinal)
                .Replace("listen 80 ", $"listen 127.0.0.1:{httpPort} ", StringComparison.Ordinal)
                .Replace("listen 443 ", $"listen 127.0.0.1:{httpsPort} ", StringComparison.Ordinal)
                .Replace("server 127.0.0.1:8080;", $"server 127.0.0.1:{upstreamPort};", StringComparison.Ordinal)
                .Replace("server 127.0.0.1:8081;", string.Empty, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(dir, "saystop.conf"), site);
            // nginx.conf as a distribution ships it: main error log and an access log at the http level, both files here.
            await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/main-error.log info;
                events { }
                http {
                  access_log {{dir}}/access.log;
                  error_log {{dir}}/http-error.log info;
                  client_body_temp_path {{body}};
                  proxy_temp_path {{dir}}/proxy;
                  fastcgi_temp_path {{dir}}/fastcgi;
                  uwsgi_temp_path {{dir}}/uwsgi;
                  scgi_temp_path {{dir}}/scgi;
                  include {{dir}}/saystop.conf;
                }
                """);

            var (code, output) = await RunAsync("-t", "-c", Path.Combine(dir, "nginx.conf"), "-p", dir);
            Assert.True(code == 0, "nginx -t: " + output);
            (code, output) = await RunAsync("-c", Path.Combine(dir, "nginx.conf"), "-p", dir);
            Assert.True(code == 0, "nginx: " + output);

            var upstreamGot = SlowUpstreamAsync(upstream);
            using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
            // The certificate made above, and only it.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint;
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            var upload = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
            foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
            {
                using var post = new HttpRequestMessage(HttpMethod.Post, $"https://127.0.0.1:{httpsPort}/en/report/form")
                {
                    Version = version,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(upload),
                };
                var sending = client.SendAsync(post);
                var spooled = new List<string>();
                var master = int.Parse((await File.ReadAllTextAsync(Path.Combine(dir, "nginx.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                while (!sending.IsCompleted)
                {
                    spooled.AddRange(OpenFilesUnder(master, body));
                    await Task.Delay(10);
                }

                var response = await sending;
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(spooled.Count == 0, $"HTTP/{version}: nginx wrote the request body to " + string.Join(", ", spooled.Distinct()));
            }

            Assert.Equal(2 * upload.Length, await upstreamGot.WaitAsync(TimeSpan.FromSeconds(30)));

            // Over client_max_body_size: nginx answers 413 and (with the error log anywhere else) would log "client: 127.0.0.1".
            using (var tooLarge = new HttpRequestMessage(HttpMethod.Post, $"https://127.0.0.1:{httpsPort}/en/report/form")
            {
                Version = HttpVersion.Version11,
                Content = new ByteArrayContent(new byte[64 * 1024 * 1024]),
            })
            {
                try
                {
                    var refused = await client.SendAsync(tooLarge);
                    Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
                }
                catch (HttpRequestException)
                {
                    // nginx may close the connection while the body is still being sent: refused either way.
                }
            }

            var plain = await client.GetAsync($"http://127.0.0.1:{httpPort}/en/report");
            Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        }
        finally
        {
            await RunAsync("-s", "stop", "-c", Path.Combine(dir, "nginx.conf"), "-p", dir);
            upstream.Stop();
        }

        foreach (var log in Directory.EnumerateFiles(dir, "*.log"))
        {
            var text = await File.ReadAllTextAsync(log);
            Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("client:", text, StringComparison.Ordinal);
        }

        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Files under <paramref name="folder"/> that nginx's processes hold open. nginx unlinks a request-body temp file
    /// as soon as it creates it, so the folder looks empty while the body sits on disk: only /proc/…/fd shows it.
    /// </summary>
    private static List<string> OpenFilesUnder(int master, string folder)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Combine(proc, "status"));
                var parent = status.FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal))?[5..].Trim();
                if (pid != master && parent != master.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    continue;
                }

                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(proc, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(folder, StringComparison.Ordinal))
                    {
                        found.Add(target);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended meanwhile, or not ours to look at.
            }
        }

        return found;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Two requests, each read slowly (64 KB, then a pause), so nginx must hold back rather than spool the rest;
    /// answers 200 once the body is in. Returns the body bytes received in all.
    /// </summary>
    private static async Task<long> SlowUpstreamAsync(TcpListener listener)
    {
        long total = 0;
        for (var n = 0; n < 2; n++)
        {
            using var socket = await listener.AcceptSocketAsync();
            await using var stream = new NetworkStream(socket);
            var buffer = new byte[64 * 1024];
            var head = new List<byte>();
            long length = -1, received = 0;
            while (length < 0 || received < length)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                if (length < 0)
                {
                    head.AddRange(buffer.AsSpan(0, read).ToArray());
                    var text = Encoding.Latin1.GetString([.. head]);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        continue;
                    }

                    length = long.Parse(ContentLength().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    received = head.Count - (end + 4);
                }
                else
                {
                    received += read;
                }

                await Task.Delay(15);
            }

            total += received;
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
        }

        return total;
    }

    [GeneratedRegex(@"(?m)^\s*server\s*\{")]
    private static partial Regex ServerStart();

    [GeneratedRegex(@"(?i)content-length:\s*(\d+)")]
    private static partial Regex ContentLength();
}
