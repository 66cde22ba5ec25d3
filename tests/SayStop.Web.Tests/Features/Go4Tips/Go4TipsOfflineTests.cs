using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SayStop.Fsrs;
using SayStop.Fsrs.Optimization;
using SayStop.Web.Data;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>
/// The offline app's server side (deck JSON, manifest, sync) and the nightly per-deck parameter fit, on each database.
/// </summary>
public abstract class Go4TipsOfflineTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    private sealed record OfflineCard(Guid Id, string Kind, IReadOnlyList<(int Position, bool Correct)> Choices);

    /// <summary>A fresh visitor of the offline page; the learner id is read back from the cookie it sets.</summary>
    private async Task<(HttpClient Client, Guid Learner)> NewLearnerAsync()
    {
        App.Require();
        var client = App.Client();
        var page = await client.GetAsync("/en/go4tips/offline");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var setCookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(LearnerProfile.CookieName + "=", StringComparison.Ordinal));
        var value = Uri.UnescapeDataString(setCookie.Split(';')[0][(LearnerProfile.CookieName.Length + 1)..]);
        var protector = App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Go4Tips.Learner.v1");
        return (client, Guid.Parse(protector.Unprotect(value)));
    }

    private static async Task<List<OfflineCard>> DeckAsync(HttpClient client, string deck)
    {
        var response = await client.GetAsync($"/en/go4tips/{deck}/offline.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["cards"]!.AsArray().Select(c => new OfflineCard(
            Guid.Parse(c!["id"]!.GetValue<string>()),
            c["kind"]!.GetValue<string>(),
            c["choices"]!.AsArray().Select(ch => (ch!["position"]!.GetValue<int>(), ch["correct"]!.GetValue<bool>())).ToList())).ToList();
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SyncAsync(HttpClient client, string json, string? origin = null, bool token = true,
        string contentType = "application/json")
    {
        var tokenJson = JsonNode.Parse(await client.GetStringAsync("/en/go4tips/sync"))!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/en/go4tips/sync") { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (token)
        {
            post.Headers.Add(tokenJson["header"]!.GetValue<string>(), tokenJson["token"]!.GetValue<string>());
        }

        if (origin is not null)
        {
            post.Headers.Add("Origin", origin);
        }

        var response = await client.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            node = JsonNode.Parse(body);
        }

        return (response.StatusCode, node);
    }

    private static object Entry(Guid id, Guid card, DateTimeOffset at, int? grade = null, int? choice = null) =>
        new { id, card, grade, choice, at = at.ToUnixTimeMilliseconds() };

    private static string Batch(IEnumerable<object> entries) => JsonSerializer.Serialize(new { answers = entries });

    private async Task<List<Review>> ReviewsAsync(Guid learner)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner).OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task TheManifest_IsServedAsAWebManifest_PerLanguage_AndTheServiceWorkerAndIconsAreThere()
    {
        App.Require();
        var client = App.Client();
        foreach (var culture in new[] { "fr", "nl", "en" })
        {
            var response = await client.GetAsync($"/{culture}/go4tips/manifest.webmanifest");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
            var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal($"/{culture}/go4tips/offline", manifest["start_url"]!.GetValue<string>());
            Assert.Equal($"/{culture}/go4tips/", manifest["scope"]!.GetValue<string>());
            Assert.Equal(culture, manifest["lang"]!.GetValue<string>());
            Assert.Contains(manifest["icons"]!.AsArray(), i => i!["sizes"]!.GetValue<string>() == "512x512");
            foreach (var icon in manifest["icons"]!.AsArray())
            {
                var file = await client.GetAsync(icon!["src"]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal(icon["type"]!.GetValue<string>(), file.Content.Headers.ContentType?.MediaType);
            }

            var page = await client.GetDocumentAsync($"/{culture}/go4tips");
            Assert.Equal($"/{culture}/go4tips/manifest.webmanifest", page.QuerySelector("link[rel=manifest]")?.GetAttribute("href"));
            Assert.Equal($"/{culture}/go4tips/offline", page.QuerySelector("#offline-link")?.GetAttribute("href"));
        }

        var worker = await client.GetAsync("/go4tips-sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType?.MediaType);
        Assert.Contains("worker-src 'self'", worker.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("manifest-src 'self'", worker.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var png = await client.GetByteArrayAsync("/img/go4tips-192.png");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        // Without JavaScript the offline page says so and links to the online pages.
        var offline = await client.GetDocumentAsync("/nl/go4tips/offline");
        Assert.Contains("JavaScript", offline.QuerySelector("#offline-needs-js")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, offline.QuerySelectorAll("#offline-decks a[href$='/study']").Length);
        Assert.Equal(4, offline.QuerySelectorAll("[data-deck-url$='/offline.json']").Length);
    }

    [Fact]
    public async Task ASyncedBatch_CountsEachAnswerOnce_AndTheScheduleEqualsSayStopFsrsReplayingIt()
    {
        var (client, learner) = await NewLearnerAsync();
        var cards = await DeckAsync(client, "myths-and-facts");
        var now = App.Clock.GetUtcNow();
        var start = now.AddDays(-12);
        var entries = new List<(DateTimeOffset At, object Entry)>();
        var k = 0;
        foreach (var card in cards.Take(6))
        {
            // A first answer, a same-day learning step, then reviews days apart: learning, relearning and long intervals.
            DateTimeOffset[] times = [start.AddHours(k), start.AddHours(k).AddMinutes(11), start.AddDays(2).AddHours(k), start.AddDays(6).AddHours(k), start.AddDays(11).AddHours(k)];
            for (var i = 0; i < times.Length; i++)
            {
                var wrong = (i + k) % 4 == 2;
                object entry = card.Kind == nameof(CardKind.QuestionAnswer)
                    ? Entry(Guid.NewGuid(), card.Id, times[i], grade: 1 + ((i + k) % 4))
                    : Entry(Guid.NewGuid(), card.Id, times[i], choice: card.Choices.First(c => c.Correct != wrong).Position);
                entries.Add((times[i], entry));
            }

            k++;
        }

        // The browser may send them in any order: the server applies them in time order.
        var shuffled = entries.OrderBy(e => e.Entry.GetHashCode()).Select(e => e.Entry).ToList();
        var batch = Batch(shuffled);
        var (status, body) = await SyncAsync(client, batch);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(30, body!["recorded"]!.GetValue<int>());
        Assert.All(body["results"]!.AsArray(), r => Assert.Equal(201, r!["status"]!.GetValue<int>()));

        // Sent again (the browser did not hear the answer): counted once.
        var (again, againBody) = await SyncAsync(client, batch);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(0, againBody!["recorded"]!.GetValue<int>());
        Assert.Equal(30, againBody["alreadyCounted"]!.GetValue<int>());
        Assert.All(againBody["results"]!.AsArray(), r => Assert.Equal("already-counted", r!["code"]!.GetValue<string>()));

        var reviews = await ReviewsAsync(learner);
        Assert.Equal(30, reviews.Count);
        Assert.All(reviews, r => Assert.NotNull(r.ClientId));
        Assert.Contains(reviews, r => r.Rating == Rating.Again);

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var states = await db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == learner).ToListAsync();
        Assert.Equal(6, states.Count);
        Assert.Contains(states, s => s.Lapses >= 1);
        Assert.Contains(states, s => s.State == CardState.Review);
        var scheduler = new Scheduler(Go4TipsScheduling.Options(Learner.DefaultRetention));
        foreach (var state in states)
        {
            var history = reviews.Where(r => r.CardId == state.CardId).ToList();
            var replay = scheduler.Reschedule(history.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
            Assert.Equal(history.Count, state.Version);
            for (var i = 0; i < history.Count; i++)
            {
                Assert.Equal(replay[i].Log.StateBefore, history[i].StateBefore);
                Assert.Equal(replay[i].Log.ElapsedDays, history[i].ElapsedDays);
                Assert.Equal(replay[i].Card.Stability, history[i].Stability, 1e-9);
                Assert.Equal(replay[i].Card.Difficulty, history[i].Difficulty, 1e-9);
            }

            var expected = replay[^1].Card;
            var actual = state.ToFsrs();
            Assert.Equal(expected.State, actual.State);
            Assert.Equal(expected.Reps, actual.Reps);
            Assert.Equal(expected.Lapses, actual.Lapses);
            Assert.Equal(expected.Stability, actual.Stability, 1e-9);
            Assert.True((expected.Due - actual.Due).Duration() < TimeSpan.FromMilliseconds(1), $"due {expected.Due:O} vs {actual.Due:O}");
        }

        // The same batch sent twice at the same moment (two tabs coming back online): still counted once.
        var (other, otherLearner) = await NewLearnerAsync();
        // The browser fetched its antiforgery token once before (as the app does); two first fetches racing would each
        // set a different antiforgery cookie, and only one token could match it.
        _ = await other.GetStringAsync("/en/go4tips/sync");
        var both = await Task.WhenAll(SyncAsync(other, batch), SyncAsync(other, batch));
        Assert.All(both, b => Assert.Equal(HttpStatusCode.OK, b.Status));
        Assert.Equal(30, (await ReviewsAsync(otherLearner)).Count);
        Assert.Equal(30, (await ReviewsAsync(learner)).Count);
    }

    [Fact]
    public async Task ForgedOrBrokenAnswers_AreRefusedEachWithA4xx_NeverAnError()
    {
        var (alice, aliceId) = await NewLearnerAsync();
        var (bob, bobId) = await NewLearnerAsync();
        var cards = await DeckAsync(bob, "young-people-online");
        var question = cards.First(c => c.Kind == nameof(CardKind.QuestionAnswer));
        var choiceCard = cards.First(c => c.Kind != nameof(CardKind.QuestionAnswer));
        var now = App.Clock.GetUtcNow();
        var earlier = now.AddHours(-2);

        // Alice answers the question card; Bob will try to reach her state.
        var aliceEntry = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await SyncAsync(alice, Batch([Entry(aliceEntry, question.Id, earlier, grade: 3)]))).Status);
        var aliceState = await StateAsync(aliceId, question.Id);

        var cases = new List<(string Name, object Entry, int Status, string Code)>
        {
            ("unknown card", Entry(Guid.NewGuid(), Guid.NewGuid(), earlier, grade: 3), 404, "unknown-card"),
            ("card not an id", new { id = Guid.NewGuid(), card = "../../etc/passwd", grade = 3, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-card"),
            ("grade 0", Entry(Guid.NewGuid(), question.Id, earlier, grade: 0), 400, "invalid-answer"),
            ("grade 5", Entry(Guid.NewGuid(), question.Id, earlier, grade: 5), 400, "invalid-answer"),
            ("grade -1", Entry(Guid.NewGuid(), question.Id, earlier, grade: -1), 400, "invalid-answer"),
            ("grade 2.5", new { id = Guid.NewGuid(), card = question.Id, grade = 2.5, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-answer"),
            ("grade as text", new { id = Guid.NewGuid(), card = question.Id, grade = "<script>alert(1)</script>", at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-answer"),
            ("grade huge", new { id = Guid.NewGuid(), card = question.Id, grade = 99999999999999L, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-answer"),
            ("no answer", new { id = Guid.NewGuid(), card = question.Id, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-answer"),
            ("a choice card graded by the browser", Entry(Guid.NewGuid(), choiceCard.Id, earlier, grade: 4), 400, "invalid-answer"),
            ("a choice that does not exist", Entry(Guid.NewGuid(), choiceCard.Id, earlier, choice: 99), 400, "invalid-answer"),
            ("no id", new { card = question.Id, grade = 3, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-id"),
            ("id not a uuid", new { id = "1 OR 1=1", card = question.Id, grade = 3, at = earlier.ToUnixTimeMilliseconds() }, 400, "invalid-id"),
            ("time in the future", Entry(Guid.NewGuid(), question.Id, now.AddDays(1), grade: 3), 422, "time-in-future"),
            ("time far in the past", Entry(Guid.NewGuid(), question.Id, now.AddDays(-400), grade: 3), 422, "time-too-old"),
            ("time as text", new { id = Guid.NewGuid(), card = question.Id, grade = 3, at = "yesterday" }, 400, "invalid-time"),
            ("time negative", new { id = Guid.NewGuid(), card = question.Id, grade = 3, at = -5 }, 400, "invalid-time"),
            ("not an object", 42, 400, "invalid-entry"),
        };
        var (status, body) = await SyncAsync(bob, Batch(cases.Select(c => c.Entry)));
        Assert.Equal(HttpStatusCode.OK, status);
        var results = body!["results"]!.AsArray();
        Assert.Equal(cases.Count, results.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.True(cases[i].Status == results[i]!["status"]!.GetValue<int>(), $"{cases[i].Name}: {results[i]}");
            Assert.Equal(cases[i].Code, results[i]!["code"]!.GetValue<string>());
        }

        Assert.Empty(await ReviewsAsync(bobId));

        // Another learner's answer id and a learner field in the entry: the cookie decides whose state changes; Alice's
        // review and state stay as they were.
        var (reused, reusedBody) = await SyncAsync(bob, Batch([new { id = aliceEntry, card = question.Id, grade = 1, at = earlier.AddMinutes(5).ToUnixTimeMilliseconds(), learner = aliceId }]));
        Assert.Equal(HttpStatusCode.OK, reused);
        Assert.Equal("recorded", reusedBody!["results"]![0]!["code"]!.GetValue<string>());
        Assert.Single(await ReviewsAsync(bobId));
        Assert.Single(await ReviewsAsync(aliceId));
        var aliceAfter = await StateAsync(aliceId, question.Id);
        Assert.Equal(aliceState.Version, aliceAfter.Version);
        Assert.Equal(aliceState.Stability, aliceAfter.Stability);

        // An answer older than the card's last review (the card was answered elsewhere since) is not lost: it joins
        // the log at its own time and the card's state is SayStop.Fsrs's replay of the whole log in time order.
        var (late, lateBody) = await SyncAsync(bob, Batch([Entry(Guid.NewGuid(), question.Id, earlier.AddMinutes(-30), grade: 3)]));
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.Equal(201, lateBody!["results"]![0]!["status"]!.GetValue<int>());
        var bobLog = (await ReviewsAsync(bobId)).Where(r => r.CardId == question.Id).OrderBy(r => r.ReviewedAt).ToList();
        Assert.Equal(2, bobLog.Count);
        Assert.Equal((Rating.Good, Rating.Again), (bobLog[0].Rating, bobLog[1].Rating));
        var lateReplay = new Scheduler(Go4TipsScheduling.Options(Learner.DefaultRetention))
            .Reschedule(bobLog.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
        var bobState = await StateAsync(bobId, question.Id);
        Assert.Equal(2, bobState.Version);
        Assert.Equal(lateReplay[^1].Card.Stability, bobState.Stability, 1e-9);
        Assert.Equal(lateReplay[^1].Card.Difficulty, bobState.Difficulty, 1e-9);
        Assert.Equal(lateReplay[0].Card.Stability, bobLog[0].Stability, 1e-9);

        // Whole-batch refusals.
        var tooMany = Batch(Enumerable.Range(0, OfflineSync.MaxAnswers + 1).Select(_ => Entry(Guid.NewGuid(), question.Id, earlier, grade: 3)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SyncAsync(bob, tooMany)).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SyncAsync(bob, "{\"answers\":[\"" + new string('x', OfflineSync.MaxBodyBytes) + "\"]}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SyncAsync(bob, "{\"answers\": [")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SyncAsync(bob, "[1,2,3]")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SyncAsync(bob, new string('[', 5000) + new string(']', 5000))).Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SyncAsync(bob, Batch([]), contentType: "text/plain")).Status);
        // Cross-site: without the antiforgery token, or from another origin with it.
        Assert.Equal(HttpStatusCode.BadRequest, (await SyncAsync(bob, Batch([Entry(Guid.NewGuid(), question.Id, earlier, grade: 3)]), token: false)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SyncAsync(bob, Batch([Entry(Guid.NewGuid(), question.Id, earlier, grade: 3)]), origin: "https://evil.example")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithoutLearnerCookieAsync(Batch([Entry(Guid.NewGuid(), question.Id, earlier, grade: 3)]))).StatusCode);
        Assert.Equal(2, (await ReviewsAsync(bobId)).Count); // refused batches added nothing
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/en/go4tips/no-such-deck/offline.json")).StatusCode);
    }

    private async Task<LearnerCard> StateAsync(Guid learner, Guid card)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<LearnerCard>().AsNoTracking().SingleAsync(c => c.LearnerId == learner && c.CardId == card);
    }

    /// <summary>A browser that kept the antiforgery cookie and token but not the learner cookie.</summary>
    private async Task<HttpResponseMessage> WithoutLearnerCookieAsync(string json)
    {
        var client = App.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var get = await client.GetAsync("/en/go4tips/sync");
        var antiforgery = get.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("saystop.af=", StringComparison.Ordinal)).Split(';')[0];
        var token = JsonNode.Parse(await get.Content.ReadAsStringAsync())!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/en/go4tips/sync") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        post.Headers.Add("Cookie", antiforgery);
        post.Headers.Add(token["header"]!.GetValue<string>(), token["token"]!.GetValue<string>());
        return await client.SendAsync(post);
    }

    [Fact]
    public async Task TheNightlyFit_StoresParametersForADeckWithEnoughReviews_UsedForNewLearners_OnceAcrossTwoNodes()
    {
        App.Require();
        var now = App.Clock.GetUtcNow();
        var truth = FsrsParameters.Create([0.5, 1.8, 4, 15, .. FsrsParameters.Default.Skip(4).Take(4), 1.5, .. FsrsParameters.Default.Skip(9).Take(11), 0.35]);
        Guid professionals, travellers;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            professionals = await db.Set<Deck>().Where(d => d.Key == "professionals").Select(d => d.Id).SingleAsync();
            travellers = await db.Set<Deck>().Where(d => d.Key == "travellers").Select(d => d.Id).SingleAsync();
            // Twenty learners with months of reviews of the professionals' deck; five with a few of the travellers'.
            await SeedAsync(db, professionals, learners: 22, truth, now);
            await SeedAsync(db, travellers, learners: 5, truth, now);
        }

        // Two nodes poll at the same moment: the job runs once.
        var job = new DeckParameterFitJob("test.fit-" + Guid.NewGuid().ToString("N")[..8]);
        var scopes = App.Services.GetRequiredService<IServiceScopeFactory>();
        var nodes = Enumerable.Range(0, 2).Select(_ => new JobRunner([job], scopes, App.Clock, NullLogger<JobRunner>.Instance)).ToList();
        var ran = await Task.WhenAll(nodes.Select(n => n.RunDueJobsAsync(CancellationToken.None)));
        Assert.Equal(1, ran.Sum(r => r.Count));
        Assert.Empty(await nodes[1].RunDueJobsAsync(CancellationToken.None));

        DeckParameterFit fit;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var job_ = await db.Set<JobState>().AsNoTracking().SingleAsync(j => j.Name == job.Name);
            Assert.Null(job_.LastError);
            Assert.Equal(1, job_.RunCount);
            fit = await db.Set<DeckParameterFit>().AsNoTracking().SingleAsync(f => f.DeckId == professionals);
            Assert.False(await db.Set<DeckParameterFit>().AnyAsync(f => f.DeckId == travellers));
        }

        Assert.True(fit.ReviewCount >= 1000, $"{fit.ReviewCount} reviews");
        Assert.Equal(22, fit.LearnerCount);
        Assert.Equal(nameof(OptimizationKind.Trained), fit.Kind);
        var fitted = fit.Parameters();
        Assert.Equal(FsrsParameters.WeightCount, fitted.Count);
        Assert.NotEqual(FsrsParameters.Default, fitted);
        // The fit moved the initial stability of a first Good from the default towards the truth's side (the truth's
        // is larger). How far depends on the sample (it overshot to 6.1 for a truth of 4 once), so only the direction
        // is checked; the optimizer's accuracy itself is tested in SayStop.Fsrs.Tests.
        Assert.True(truth[2] > FsrsParameters.Default[2]);
        Assert.True(fitted[2] > FsrsParameters.Default[2], $"w2 {fitted[2]}");

        // Only counts are logged.
        var lines = App.Logs.Lines.Where(l => l.Contains(nameof(DeckParameterFitJob), StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("parameters fitted", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(professionals.ToString(), StringComparison.OrdinalIgnoreCase));

        // A new learner of the professionals' deck is scheduled with the fitted parameters; of the travellers', the defaults.
        var (client, learner) = await NewLearnerAsync();
        var at = now.AddMinutes(-1);
        var pro = (await DeckAsync(client, "professionals")).First(c => c.Kind == nameof(CardKind.QuestionAnswer));
        var tra = (await DeckAsync(client, "travellers")).First(c => c.Kind == nameof(CardKind.QuestionAnswer));
        var (status, _) = await SyncAsync(client, Batch([Entry(Guid.NewGuid(), pro.Id, at, grade: 3), Entry(Guid.NewGuid(), tra.Id, at, grade: 3)]));
        Assert.Equal(HttpStatusCode.OK, status);
        var reviews = await ReviewsAsync(learner);
        var proReview = reviews.Single(r => r.CardId == pro.Id);
        var traReview = reviews.Single(r => r.CardId == tra.Id);
        Assert.Equal(fit.Id, proReview.ParametersFitId);
        Assert.Null(traReview.ParametersFitId);
        var withFit = new Scheduler(Go4TipsScheduling.Options(Learner.DefaultRetention, fitted)).Review(SayStop.Fsrs.Card.CreateNew(at), at, Rating.Good).Card;
        var withDefaults = new Scheduler(Go4TipsScheduling.Options(Learner.DefaultRetention)).Review(SayStop.Fsrs.Card.CreateNew(at), at, Rating.Good).Card;
        Assert.True(Math.Abs(withDefaults.Stability - withFit.Stability) > 1e-6, "the fit changes a first Good's stability");
        Assert.Equal(withFit.Stability, (await StateAsync(learner, pro.Id)).Stability, 1e-9);
        Assert.Equal(withDefaults.Stability, (await StateAsync(learner, tra.Id)).Stability, 1e-9);
    }

    /// <summary>Writes simulated review logs (SayStop.Fsrs's simulator, known parameters) for several learners of one deck.</summary>
    private static async Task SeedAsync(AppDbContext db, Guid deckId, int learners, FsrsParameters truth, DateTimeOffset now)
    {
        var cards = await db.Set<SayStop.Web.Features.Go4Tips.Card>().Where(c => c.DeckId == deckId).OrderBy(c => c.Position).Select(c => c.Id).ToListAsync();
        for (var l = 0; l < learners; l++)
        {
            var learner = new Learner { Id = Guid.CreateVersion7(), CreatedAt = now.AddDays(-200).UtcDateTime };
            db.Add(learner);
            var log = ReviewLogSimulator.Simulate(truth, new SimulationOptions
            {
                Cards = cards.Count,
                Days = 150,
                IntroductionDays = 40,
                Seed = 7919 + l, // fixed: the same sample every run
                Start = now.AddDays(-160),
            });
            foreach (var card in log.GroupBy(r => r.CardId))
            {
                var first = true;
                foreach (var row in card.OrderBy(r => r.ReviewedAt))
                {
                    db.Add(new Review
                    {
                        Id = Guid.CreateVersion7(),
                        LearnerId = learner.Id,
                        CardId = cards[(int)row.CardId - 1],
                        DeckId = deckId,
                        Rating = row.Rating,
                        ReviewedAt = row.ReviewedAt.UtcDateTime,
                        StateBefore = first ? CardState.New : CardState.Review,
                        StateAfter = CardState.Review,
                        DueAfter = row.ReviewedAt.UtcDateTime.AddDays(1),
                    });
                    first = false;
                }
            }
        }

        await db.SaveChangesAsync();
    }
}

public sealed class Go4TipsOfflineSqliteTests(SqliteApp app) : Go4TipsOfflineTests(app), IClassFixture<SqliteApp>;

public sealed class Go4TipsOfflinePostgresTests(PostgresApp app) : Go4TipsOfflineTests(app), IClassFixture<PostgresApp>;
