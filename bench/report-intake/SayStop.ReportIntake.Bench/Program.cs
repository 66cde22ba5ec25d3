// bench/report-intake client: files reports through the real form against a running site and measures the
// "send" post (the expensive step: Argon2id for the receipt, sealing, one committed transaction).
//
//     dotnet run -c Release -- <site-url> <static-path> <label> <clients...>
//         closed loop: each client sends back to back, beside GETs of a static copy of the receipt page (same size,
//         same server) at the same concurrency. One tab-separated line per concurrency level.
//     dotnet run -c Release -- open <site-url> <label> <rate> <seconds> <flood-rate>
//         open loop: reports arrive at <rate> a second whatever the server's speed (latency counted from the
//         planned arrival, so a queue shows), for <seconds>; then the same with one flooding client sending
//         <flood-rate> requests a second (sends without proof of work, solved sends of its own drafts, random
//         receipts). One line per phase.
//
// The site runs with Site__BehindProxy=true: every draft comes from its own simulated address (X-Forwarded-For), as
// reporters do, and the flooder from one. Each draft's proof of work is solved by the client while it is prepared
// (a browser does it while the reporter reads the review page), so the timed phase measures sends only.
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

var parser = new HtmlParser();
var nextAddress = 0;
if (args.Length > 0 && args[0] == "open")
{
    await OpenLoopAsync(new Uri(args[1]), args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var site = new Uri(args[0]);
var staticPath = args[1];
var label = args[2];
var levels = args.Skip(3).Select(int.Parse).ToArray();
var perClient = int.Parse(Environment.GetEnvironmentVariable("PER_CLIENT") ?? "12", System.Globalization.CultureInfo.InvariantCulture);

// Warm-up: JIT, pools, the first Argon2id allocation.
await RunLevelAsync(2, 3, measure: false);
foreach (var clients in levels)
{
    var (sends, wall) = await RunLevelAsync(clients, perClient, measure: true);
    var statics = await StaticAsync(clients, sends.Count);
    Console.WriteLine(string.Join('\t', label, clients, sends.Count,
        F(sends.Count / wall.TotalSeconds), F(Pct(sends, 50)), F(Pct(sends, 99)),
        F(statics.Rps), F(Pct(statics.Latencies, 50)), F(Pct(statics.Latencies, 99))));
}

async Task<(List<double> Latencies, TimeSpan Wall)> RunLevelAsync(int clients, int each, bool measure)
{
    var prepared = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        var http = NewClient(site);
        var drafts = new List<(string Address, List<KeyValuePair<string, string>> Fields)>();
        for (var i = 0; i < each; i++)
        {
            var address = NextAddress();
            drafts.Add((address, await WalkToReviewAsync(http, address)));
        }

        return (http, drafts);
    }));

    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(prepared.Select(async p =>
    {
        foreach (var (address, fields) in p.drafts)
        {
            var t = Stopwatch.GetTimestamp();
            using var response = await p.http.SendAsync(Post(address, fields));
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK || !body.Contains("id=\"receipt\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"send answered {(int)response.StatusCode}");
            }

            if (measure)
            {
                lock (latencies)
                {
                    latencies.Add(ms);
                }
            }
            else if (!File.Exists(staticPath))
            {
                await File.WriteAllTextAsync(staticPath, body);
            }
        }
    }));
    clock.Stop();
    foreach (var p in prepared)
    {
        p.http.Dispose();
    }

    return (latencies, clock.Elapsed);
}

async Task<(double Rps, List<double> Latencies)> StaticAsync(int clients, int total)
{
    var url = "/_bench/" + Path.GetFileName(staticPath);
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    var requests = Math.Max(total * 20, clients * 50);
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        using var http = NewClient(site);
        while (Interlocked.Increment(ref next) <= requests)
        {
            var t = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(ms);
            }
        }
    }));
    return (requests / clock.Elapsed.TotalSeconds, latencies);
}

async Task OpenLoopAsync(Uri url, string label, double rate, double seconds, double floodRate)
{
    var count = Math.Max(1, (int)Math.Round(rate * seconds));
    using var http = NewClient(url);
    // One cookie jar for every simulated reporter: its antiforgery cookie is set once, before drafts are walked in parallel.
    (await http.SendAsync(Get(NextAddress(), "/en/report/form?urgent=no"))).Dispose();
    var warm = await PrepareAsync(http, 2);
    await OpenPhaseAsync(http, warm, rate, 0, null);
    Console.Error.WriteLine($"{label}: preparing {count} drafts for the quiet phase…");
    var quiet = await PrepareAsync(http, count);
    var quietLine = await OpenPhaseAsync(http, quiet, rate, 0, null);
    Console.WriteLine(string.Join('\t', label, "open", F(rate), "0", quietLine));
    Console.Error.WriteLine($"{label}: preparing {count} drafts for the flooded phase…");
    var flooded = await PrepareAsync(http, count);
    var ammunition = await PrepareFloodAsync(http);
    var floodedLine = await OpenPhaseAsync(http, flooded, rate, floodRate, ammunition);
    Console.WriteLine(string.Join('\t', label, "open+flood", F(rate), F(floodRate), floodedLine));
}

async Task<List<(string Address, List<KeyValuePair<string, string>> Fields)>> PrepareAsync(HttpClient http, int count)
{
    var drafts = new (string, List<KeyValuePair<string, string>>)[count];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            var address = NextAddress();
            drafts[i] = (address, await WalkToReviewAsync(http, address));
        }
    }));
    return [.. drafts];
}

// Arrivals at fixed times, whatever the answers; each latency counts from its planned arrival.
async Task<string> OpenPhaseAsync(HttpClient http, List<(string Address, List<KeyValuePair<string, string>> Fields)> drafts,
    double rate, double floodRate, Ammunition? ammunition)
{
    var latencies = new List<double>();
    var failures = 0;
    using var stopFlood = new CancellationTokenSource();
    var flood = ammunition is not null ? FloodAsync(http, floodRate, ammunition, stopFlood.Token) : Task.FromResult((0, 0, 0, 0));
    var start = Stopwatch.GetTimestamp();
    await Task.WhenAll(drafts.Select(async (d, i) =>
    {
        var planned = i / rate;
        var wait = planned - Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
        }

        using var response = await http.SendAsync(Post(d.Address, d.Fields));
        var body = await response.Content.ReadAsStringAsync();
        var ms = (Stopwatch.GetElapsedTime(start).TotalSeconds - planned) * 1000;
        lock (latencies)
        {
            latencies.Add(ms);
            if (response.StatusCode != HttpStatusCode.OK || !body.Contains("id=\"receipt\"", StringComparison.Ordinal))
            {
                failures++;
            }
        }
    }));
    var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
    await stopFlood.CancelAsync();
    var (sent, refused, other, skipped) = await flood;
    return string.Join('\t', drafts.Count, F(drafts.Count / wall), F(Pct(latencies, 50)), F(Pct(latencies, 99)), F(latencies.Max()), failures,
        sent, refused, other, skipped);
}

// The flooder's own draft (solved, and the same without proof) and follow-up form, ready before its phase starts.
async Task<Ammunition> PrepareFloodAsync(HttpClient http)
{
    var own = await WalkToReviewAsync(http, Ammunition.Address);
    using var page = await http.SendAsync(Get(Ammunition.Address, "/en/report/follow-up"));
    return new Ammunition(own, [.. own.Where(kv => kv.Key != "Proof")], parser.ParseDocument(await page.Content.ReadAsStringAsync()));
}

// One client (one address) at a fixed rate: sends without proof, solved sends of its own draft, random receipts.
async Task<(int Sent, int Refused, int Other, int Skipped)> FloodAsync(HttpClient http, double rate, Ammunition ammunition, CancellationToken stop)
{
    const string address = Ammunition.Address;
    var (own, unsolved, followUp) = ammunition;
    int sent = 0, refused = 0, other = 0, skipped = 0, inFlight = 0;
    var running = new List<Task>();
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; !stop.IsCancellationRequested; i++)
    {
        var wait = i / rate - Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (wait > 0.001)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (Volatile.Read(ref inFlight) >= 512)
        {
            // The server is that far behind: a request not sent is counted, not queued in this client.
            skipped++;
            continue;
        }

        var request = (i % 3) switch
        {
            0 => Post(address, unsolved),
            1 => Post(address, own),
            _ => Post(address, Fields(followUp, new Dictionary<string, string> { ["Receipt"] = RandomReceipt(), ["go"] = "open" }), "/en/report/follow-up"),
        };
        Interlocked.Increment(ref inFlight);
        // Not cancelled by "stop": requests already sent are answered and counted.
        running.Add(Task.Run(async () =>
        {
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref sent);
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
                {
                    Interlocked.Increment(ref refused);
                }
                else if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref other);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref other);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }, CancellationToken.None));
    }

    await Task.WhenAll(running);
    return (sent, refused, other, skipped);
}

static string RandomReceipt()
{
    const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    var chars = RandomNumberGenerator.GetItems(alphabet.AsSpan(), 24);
    return string.Join('-', Enumerable.Range(0, 6).Select(g => new string(chars, g * 4, 4)));
}

async Task<List<KeyValuePair<string, string>>> WalkToReviewAsync(HttpClient http, string address)
{
    var doc = parser.ParseDocument(await (await http.SendAsync(Get(address, "/en/report/form?urgent=no"))).Content.ReadAsStringAsync());
    foreach (var step in new Dictionary<string, string>[]
             {
                 new() { ["Input.Country"] = "TH" },
                 new() { ["Input.Kind"] = "Suspicious" },
                 new() { ["Input.When"] = "last night around 10 pm" },
                 new() { ["Input.City"] = "Pattaya", ["Input.PlaceKind"] = "Bar", ["Input.PlaceName"] = "Blue bar" },
                 new() { ["Input.SuspectAge"] = "about 50", ["Input.SuspectNationality"] = "spoke English" },
                 new() { ["Input.ChildrenCount"] = "One", ["Input.ChildrenAge"] = "about 12" },
                 new() { ["Input.WhatHappened"] = "A man in his fifties left the bar with a girl of about twelve. " + Guid.NewGuid() },
                 new() { ["Input.Contact"] = "anonymous" },
             })
    {
        step["go"] = "next";
        var fields = Fields(doc, step);
        using var response = await http.SendAsync(Post(address, fields));
        doc = parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    // What the form's script does in the browser (js/report-send.js): the proof of work for the page's challenge.
    var challenge = doc.QuerySelector("input[name=Challenge]") ?? throw new InvalidOperationException("no challenge on the review page");
    var difficulty = int.Parse(challenge.GetAttribute("data-send-difficulty") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    return Fields(doc, new Dictionary<string, string> { ["go"] = "send", ["Proof"] = Solve(challenge.GetAttribute("value") ?? string.Empty, difficulty) });
}

static string Solve(string token, int difficulty)
{
    Span<byte> hash = stackalloc byte[32];
    for (long n = 0; ; n++)
    {
        var proof = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SHA256.HashData(Encoding.UTF8.GetBytes(token + ":" + proof), hash);
        var bits = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            bits += System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
            break;
        }

        if (bits >= difficulty)
        {
            return proof;
        }
    }
}

string NextAddress()
{
    var n = Interlocked.Increment(ref nextAddress);
    return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
}

static HttpRequestMessage Get(string address, string path)
{
    var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Add("X-Forwarded-For", address);
    return request;
}

static HttpRequestMessage Post(string address, List<KeyValuePair<string, string>> fields, string path = "/en/report/form")
{
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
    request.Headers.Add("X-Forwarded-For", address);
    return request;
}

static List<KeyValuePair<string, string>> Fields(IHtmlDocument doc, Dictionary<string, string> answers)
{
    var form = doc.QuerySelector("main form") ?? throw new InvalidOperationException("no form: " + doc.Title);
    var fields = form.QuerySelectorAll("input[type=hidden]")
        .Where(i => i.GetAttribute("name") is { } n && !answers.ContainsKey(n) && n != "Input.Website")
        .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
        .ToList();
    fields.AddRange(answers);
    return fields;
}

static HttpClient NewClient(Uri site) => new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
{
    BaseAddress = site,
    Timeout = TimeSpan.FromSeconds(60),
};

static double Pct(List<double> values, int p)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string F(double v) => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

/// <summary>What the flooding client sends, prepared before its phase.</summary>
internal sealed record Ammunition(List<KeyValuePair<string, string>> Solved, List<KeyValuePair<string, string>> Unsolved, IHtmlDocument FollowUp)
{
    public const string Address = "203.0.113.66";
}
