// bench/desk: the seeder and the client of the desk benchmark (run.sh drives both).
//
//     SayStop.Desk.Bench seed <Sqlite|Postgres> <connection-string> <data-dir> <reports> <out-dir>
//     SayStop.Desk.Bench measure <site-url> <static-dir> <label> <reports> <out-dir>
//
// "measure" signs in as the seeded case handler for real (password, then the TOTP computed from the secret the
// seeder set), once per client (each client has its own cookie jar, so its own staff and desk session), then
// GETs each inbox variant and the report page (which decrypts the sealed answers with the unlocked key), and
// after each one a static copy of that same page (same bytes) from the same server at the same concurrency.
// Prints one tab-separated line per page for run.sh to tabulate. CLIENTS (4) and REQUESTS (400 per page).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OtpNet;

namespace SayStop.Desk.Bench;

// Not top-level statements: those would declare a Program that hides SayStop.Web's (WebApplicationFactory<Program>).
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 6 && args[0] == "seed")
        {
            return await Seeder.RunAsync(args[1], args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), args[5]);
        }

        if (args.Length != 6 || args[0] != "measure")
        {
            Console.Error.WriteLine("usage: seed <provider> <cs> <data-dir> <reports> <out-dir> | measure <site> <static-dir> <label> <reports> <out-dir>");
            return 2;
        }

        var site = new Uri(args[1]);
        var staticDir = args[2];
        var label = args[3];
        var size = args[4];
        var outDir = args[5];
        var clients = Env("CLIENTS", 4);
        var requests = Env("REQUESTS", 400);
        var laterPage = Env("LATER_PAGE", 20);
        // A few requests only warm the JIT's first tier: the optimised code (tier 1, dynamic PGO) comes after some
        // hundreds of calls, and a site in use runs that code. Measured cold, the same build showed half the throughput.
        var warmUp = Env("WARMUP", 300);
        var parser = new HtmlParser();
        var who = JsonSerializer.Deserialize<HandlerCredentials>(await File.ReadAllTextAsync(Path.Combine(outDir, "handler.json")))!;
        var reportIds = await File.ReadAllLinesAsync(Path.Combine(outDir, "report-ids.txt"));

        var sessions = new List<HttpClient>();
        for (var i = 0; i < clients; i++)
        {
            sessions.Add(await SignInAsync());
        }

        var pages = new (string Name, Func<int, string> Url, string Marker)[]
        {
            ("inbox", _ => "/en/desk", "id=\"inbox-count\""),
            ("inbox urgent", _ => "/en/desk?urgent=true", "id=\"inbox-count\""),
            ("inbox country=TH", _ => "/en/desk?country=TH", "id=\"inbox-count\""),
            ($"inbox page {laterPage}", _ => $"/en/desk?page={laterPage}", "id=\"inbox-count\""),
            ("inbox overdue", _ => "/en/desk?overdue=true", "id=\"inbox-count\""),
            ("report page", n => $"/en/desk/report/{reportIds[n % reportIds.Length]}", "BENCH-SEALED-REPORT"),
        };

        // Every page is warmed up before any is measured (shared code: authentication, the layout, the desk session),
        // each keeping one body as its static copy. Two rounds: while new pages keep bringing new methods, the JIT
        // postpones promoting the hot ones to the optimised tier, and the first page measured after a single round
        // paid for that promotion (its p99 was the worst of the run, whichever page came first).
        string StaticFile(int i) => $"desk-{label}-{size}-{i}.html".ToLowerInvariant();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < pages.Length; i++)
            {
                await RunAsync(pages[i].Url, pages[i].Marker, Math.Max(warmUp / 2, clients), Path.Combine(staticDir, StaticFile(i)));
            }
        }

        var slug = 0;
        foreach (var (name, url, marker) in pages)
        {
            var file = StaticFile(slug++);
            var (rps, latencies) = await RunAsync(url, marker, requests, null);
            var bytes = new FileInfo(Path.Combine(staticDir, file)).Length;
            var (srps, slat) = await RunAsync(_ => "/_bench/" + file, null, requests, null);
            Console.WriteLine(string.Join('\t', label, size, name, requests, F(rps), F(Pct(latencies, 50)), F(Pct(latencies, 99)),
                F(srps), F(Pct(slat, 50)), F(Pct(slat, 99)), bytes));
        }

        foreach (var s in sessions)
        {
            s.Dispose();
        }

        return 0;

        async Task<(double Rps, List<double> Latencies)> RunAsync(Func<int, string> url, string? marker, int total, string? keep)
        {
            var latencies = new List<double>(total);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(async http =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < total)
                {
                    var path = url(n);
                    var t = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(path);
                    var body = await response.Content.ReadAsStringAsync();
                    var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK || (marker is not null && !body.Contains(marker, StringComparison.Ordinal)))
                    {
                        throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} without {marker}");
                    }

                    if (keep is not null && n == 0)
                    {
                        await File.WriteAllTextAsync(keep, body);
                    }

                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }
                }
            }));
            return (total / clock.Elapsed.TotalSeconds, latencies);
        }

        async Task<HttpClient> SignInAsync()
        {
            var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = site,
                Timeout = TimeSpan.FromSeconds(60),
            };
            using var first = await PostFormAsync(http, "/en/account/signin?returnUrl=%2Fen%2Fdesk",
                new() { ["Input.Email"] = who.Email, ["Input.Password"] = who.Password });
            if (first.StatusCode != HttpStatusCode.Redirect || first.Headers.Location is null)
            {
                throw new InvalidOperationException($"password step answered {(int)first.StatusCode}");
            }

            var code = new Totp(Base32Encoding.ToBytes(who.AuthenticatorKey)).ComputeTotp();
            using var second = await PostFormAsync(http, first.Headers.Location.ToString(), new() { ["Code"] = code });
            if (second.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"second factor answered {(int)second.StatusCode}");
            }

            return http;
        }

        async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string url, Dictionary<string, string> answers)
        {
            var doc = parser.ParseDocument(await http.GetStringAsync(url));
            var form = doc.QuerySelector("main form") as IHtmlFormElement ?? throw new InvalidOperationException("no form on " + url);
            var fields = form.QuerySelectorAll("input[type=hidden]")
                .Where(i => i.GetAttribute("name") is { } n && !answers.ContainsKey(n))
                .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
                .Concat(answers)
                .ToList();
            var action = form.GetAttribute("action");
            return await http.PostAsync(string.IsNullOrEmpty(action) ? url : action, new FormUrlEncodedContent(fields));
        }

        static int Env(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

        static double Pct(List<double> values, int p)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
