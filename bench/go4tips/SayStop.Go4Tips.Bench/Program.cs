// bench/go4tips client: concurrent learners study cards through the plain forms (no JavaScript), each with its own
// cookie jar, so its own pseudonymous learner profile, and are measured on the three requests of one answer:
//
//     study page   GET /en/go4tips/{deck}/study (the card to answer; a question card's "show answer" GET too)
//     answer post  POST of the answer with the card's one-time token (and the antiforgery token): grading, FSRS,
//                  the card state and the review log row in one save; answers 302 to the feedback
//     feedback     GET of that redirect (what the learner sees after answering)
//
// then, at the same concurrency and from the same server, a static copy of a study page (same bytes).
// Choice cards get a random choice, question cards a random grade. A learner who has met the daily limit of new
// cards (10) and has nothing due is replaced by a new one, as new visitors keep arriving.
//
//     dotnet run -c Release -- <site-url> <static-path> <label> <learners...>     (ANSWERS per level: 3000)
//
// Prints one tab-separated line per level for run.sh to tabulate.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SayStop.Go4Tips.Bench;

internal static partial class Entry
{
    [GeneratedRegex("href=\"/en/go4tips/([a-z0-9-]+)/study\"")]
    private static partial Regex DeckLink();

    [GeneratedRegex("name=\"choice\" id=\"choice-\\d+\" value=\"(\\d+)\"")]
    private static partial Regex Choice();

    [GeneratedRegex("name=\"grade\" value=\"(\\d)\"")]
    private static partial Regex Grade();

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"reveal\" value=\"([0-9a-f-]+)\"")]
    private static partial Regex Reveal();

    // The antiforgery field the form tag helper appends (its name is the site's setting, "__af" today).
    [GeneratedRegex("<input name=\"(__\\w+)\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    private sealed class Timings
    {
        public List<double> Study { get; } = [];

        public List<double> Answer { get; } = [];

        public List<double> Feedback { get; } = [];

        public int Answers;

        public int Learners;
    }

    public static async Task<int> Main(string[] args)
    {
        var site = new Uri(args[0]);
        var staticPath = args[1];
        var label = args[2];
        var levels = args.Skip(3).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var answers = int.TryParse(Environment.GetEnvironmentVariable("ANSWERS"), out var a) && a > 0 ? a : 3000;

        using (var probe = NewClient(site))
        {
            var decks = DeckLink().Matches(await probe.GetStringAsync("/en/go4tips")).Select(m => m.Groups[1].Value).Distinct().ToArray();
            if (decks.Length == 0)
            {
                throw new InvalidOperationException("no deck on /en/go4tips");
            }

            // Warm-up: JIT (up to the optimised tier, which takes some hundreds of calls), pools, the first learners;
            // also keeps a study page as the static copy.
            var warmUp = int.TryParse(Environment.GetEnvironmentVariable("WARMUP"), out var w) && w > 0 ? w : 1000;
            await RunLevelAsync(site, decks, 4, warmUp, new Timings(), staticPath);
            foreach (var learners in levels)
            {
                var t = new Timings();
                var clock = Stopwatch.StartNew();
                await RunLevelAsync(site, decks, learners, answers, t, null);
                var wall = clock.Elapsed.TotalSeconds;
                var (srps, slat) = await StaticAsync(site, "/_bench/" + Path.GetFileName(staticPath), learners, t.Study.Count);
                Console.WriteLine(string.Join('\t', label, learners, t.Answers, t.Learners, F(t.Answers / wall),
                    F(Pct(t.Study, 50)), F(Pct(t.Study, 99)), F(Pct(t.Answer, 50)), F(Pct(t.Answer, 99)),
                    F(Pct(t.Feedback, 50)), F(Pct(t.Feedback, 99)), F(srps), F(Pct(slat, 50)), F(Pct(slat, 99))));
            }
        }

        return 0;
    }

    private static async Task RunLevelAsync(Uri site, string[] decks, int learners, int answers, Timings t, string? keep)
    {
        var left = answers;
        await Task.WhenAll(Enumerable.Range(0, learners).Select(async slot =>
        {
            var rng = new Random(slot * 7919 + answers);
            while (Volatile.Read(ref left) > 0)
            {
                Interlocked.Increment(ref t.Learners);
                using var http = NewClient(site);
                var deck = decks[rng.Next(decks.Length)];
                while (Volatile.Read(ref left) > 0 && await AnswerOneAsync(http, deck, rng, t, keep) is true)
                {
                    if (Interlocked.Decrement(ref left) < 0)
                    {
                        break;
                    }
                }
            }
        }));
    }

    /// <summary>One answer: the card, (its answer shown), the post, the feedback. False when the learner is done for today.</summary>
    private static async Task<bool> AnswerOneAsync(HttpClient http, string deck, Random rng, Timings t, string? keep)
    {
        var study = $"/en/go4tips/{deck}/study";
        var page = await GetAsync(http, study, t.Study);
        if (page.Contains("id=\"study-done\"", StringComparison.Ordinal))
        {
            return false;
        }

        if (keep is not null && !File.Exists(keep))
        {
            await File.WriteAllTextAsync(keep, page);
        }

        var fields = new List<KeyValuePair<string, string>>();
        if (Reveal().Match(page) is { Success: true } reveal)
        {
            page = await GetAsync(http, study + "?reveal=" + reveal.Groups[1].Value, t.Study);
            var grades = Grade().Matches(page);
            fields.Add(new("grade", grades[rng.Next(grades.Count)].Groups[1].Value));
        }
        else
        {
            var choices = Choice().Matches(page);
            if (choices.Count == 0)
            {
                throw new InvalidOperationException("a study page without a card or choices");
            }

            fields.Add(new("choice", choices[rng.Next(choices.Count)].Groups[1].Value));
        }

        fields.Add(new("token", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)));
        var antiforgery = Antiforgery().Match(page);
        fields.Add(new(antiforgery.Groups[1].Value, WebUtility.HtmlDecode(antiforgery.Groups[2].Value)));
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(study, new FormUrlEncodedContent(fields));
        await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString() is not { } feedback
            || !feedback.Contains("review=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"answer post answered {(int)response.StatusCode}");
        }

        Add(t.Answer, ms);
        Interlocked.Increment(ref t.Answers);
        var shown = await GetAsync(http, feedback, t.Feedback);
        if (!shown.Contains("id=\"feedback\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the feedback page shows no feedback");
        }

        return true;
    }

    private static async Task<string> GetAsync(HttpClient http, string url, List<double> into)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        }

        Add(into, ms);
        return body;
    }

    private static async Task<(double Rps, List<double> Latencies)> StaticAsync(Uri site, string url, int clients, int total)
    {
        var latencies = new List<double>();
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var http = NewClient(site);
            while (Interlocked.Increment(ref next) <= total)
            {
                await GetAsync(http, url, latencies);
            }
        }));
        return (total / clock.Elapsed.TotalSeconds, latencies);
    }

    private static void Add(List<double> into, double ms)
    {
        lock (into)
        {
            into.Add(ms);
        }
    }

    private static HttpClient NewClient(Uri site) =>
        new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = site,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static double Pct(List<double> values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
