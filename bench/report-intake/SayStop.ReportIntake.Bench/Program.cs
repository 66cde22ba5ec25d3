// bench/report-intake client: files reports through the real form against a running site and measures the
// "send" post (the expensive step: Argon2id for the receipt, sealing, one committed transaction), beside GETs of
// a static copy of the receipt page (same size, same server) at the same concurrency.
//
//     dotnet run -c Release -- <site-url> <static-path> <label> <clients...>
//
// Each client has its own cookie jar; the steps before "send" are walked first (not timed), so the timed
// phase measures sends only. Prints one tab-separated line per concurrency level for run.sh to tabulate.
using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

var site = new Uri(args[0]);
var staticPath = args[1];
var label = args[2];
var levels = args.Skip(3).Select(int.Parse).ToArray();
var perClient = int.Parse(Environment.GetEnvironmentVariable("PER_CLIENT") ?? "12", System.Globalization.CultureInfo.InvariantCulture);
var parser = new HtmlParser();

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
        var http = NewClient();
        var drafts = new List<List<KeyValuePair<string, string>>>();
        for (var i = 0; i < each; i++)
        {
            drafts.Add(await WalkToReviewAsync(http));
        }

        return (http, drafts);
    }));

    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(prepared.Select(async p =>
    {
        foreach (var fields in p.drafts)
        {
            var t = Stopwatch.GetTimestamp();
            using var response = await p.http.PostAsync("/en/report/form", new FormUrlEncodedContent(fields));
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
        using var http = NewClient();
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

async Task<List<KeyValuePair<string, string>>> WalkToReviewAsync(HttpClient http)
{
    var doc = parser.ParseDocument(await http.GetStringAsync("/en/report/form?urgent=no"));
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
        using var response = await http.PostAsync("/en/report/form", new FormUrlEncodedContent(fields));
        doc = parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    return Fields(doc, new Dictionary<string, string> { ["go"] = "send" });
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

HttpClient NewClient() => new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
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
