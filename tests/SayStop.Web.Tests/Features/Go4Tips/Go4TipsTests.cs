using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>Go4Tips through its real pages, without JavaScript (plain form posts), on each database.</summary>
public abstract class Go4TipsTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    private static string StudyUrl(string culture, string deck) => $"/{culture}/go4tips/{deck}/study";

    /// <summary>A fresh visitor; the learner id is read back from the cookie the first study page sets.</summary>
    private async Task<(HttpClient Client, Guid Learner)> NewLearnerAsync(string culture = "en", string deck = "travellers")
    {
        App.Require();
        var client = App.Client();
        var first = await client.GetAsync(StudyUrl(culture, deck));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var setCookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(LearnerProfile.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var value = Uri.UnescapeDataString(setCookie.Split(';')[0][(LearnerProfile.CookieName.Length + 1)..]);
        var protector = App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Go4Tips.Learner.v1");
        return (client, Guid.Parse(protector.Unprotect(value)));
    }

    private sealed record Answered(Guid CardId, CardKind Kind, IHtmlDocument Feedback, string ReviewUrl);

    /// <summary>Answers the card the study page shows, as a visitor without JavaScript would.</summary>
    private async Task<Answered> StudyOneAsync(HttpClient client, string culture, string deck, int grade = 3, bool right = true)
    {
        var url = StudyUrl(culture, deck);
        var doc = await client.GetDocumentAsync(url);
        var article = doc.QuerySelector("#card") ?? throw new InvalidOperationException("No card on " + url + ": " + doc.QuerySelector("main")?.TextContent);
        var cardId = Guid.Parse(article.GetAttribute("data-card")!);
        var kind = Enum.Parse<CardKind>(article.GetAttribute("data-card-kind")!);
        HttpResponseMessage response;
        if (kind == CardKind.QuestionAnswer)
        {
            Assert.NotNull(doc.QuerySelector("#show-answer"));
            var revealed = await client.GetDocumentAsync($"{url}?reveal={cardId}");
            Assert.NotNull(revealed.QuerySelector("#answer"));
            Assert.Equal(4, revealed.QuerySelectorAll("button.grade").Length);
            response = await client.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = grade.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form.grade-form");
        }
        else
        {
            var position = await ChoiceAsync(cardId, right);
            response = await client.SubmitAsync(doc, url, new Dictionary<string, string> { ["choice"] = position.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form.choice-form");
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("?review=", location, StringComparison.Ordinal);
        return new Answered(cardId, kind, await client.GetDocumentAsync(location), location);
    }

    private async Task<int> ChoiceAsync(Guid cardId, bool right)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<CardChoice>().Where(c => c.CardId == cardId && c.IsCorrect == right).OrderBy(c => c.Position).Select(c => c.Position).FirstAsync();
    }

    private async Task<List<Review>> ReviewsAsync(Guid learner)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner).OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).ToListAsync();
    }

    [Fact]
    public async Task Decks_AreSeeded_WithEveryCardInTheThreeLanguages()
    {
        App.Require();
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var decks = await db.Set<Deck>().AsNoTracking().Include(d => d.Translations)
            .Include(d => d.Cards).ThenInclude(c => c.Translations)
            .Include(d => d.Cards).ThenInclude(c => c.Choices).ThenInclude(ch => ch.Translations)
            .AsSplitQuery().ToListAsync();
        var files = DeckContent.Load();
        Assert.Equal(files.Select(f => f.Key).Order(), decks.Select(d => d.Key).Order());
        foreach (var deck in decks)
        {
            Assert.Equal(files.Single(f => f.Key == deck.Key).Cards.Count, deck.Cards.Count);
            Assert.Equal(3, deck.Translations.Count);
            foreach (var card in deck.Cards)
            {
                Assert.Equal(["en", "fr", "nl"], card.Translations.Select(t => t.Culture).Order());
                Assert.All(card.Translations, t => Assert.False(string.IsNullOrWhiteSpace(t.Prompt) || string.IsNullOrWhiteSpace(t.Explanation)));
                Assert.All(card.Translations, t => Assert.True(card.Kind != CardKind.QuestionAnswer || !string.IsNullOrWhiteSpace(t.Answer)));
                Assert.All(card.Choices, ch => Assert.Equal(3, ch.Translations.Count(t => !string.IsNullOrWhiteSpace(t.Text))));
                Assert.True(card.Kind == CardKind.QuestionAnswer ? card.Choices.Count == 0 : card.Choices.Count(ch => ch.IsCorrect) == 1, card.Key);
            }
        }
    }

    [Fact]
    public async Task InDutch_WithoutJavaScript_ALearnerStudiesTenCards_AnswersAScenario_AndTheDueCardsComeBack()
    {
        var (client, learner) = await NewLearnerAsync("nl");
        var index = await client.GetDocumentAsync("/nl/go4tips");
        Assert.Equal("Reizigers: herkennen en reageren", index.QuerySelector("#deck-travellers h2")?.TextContent);
        Assert.NotNull(index.QuerySelector(".main-nav a[href='/nl/go4tips']"));

        var answered = new List<Answered>();
        for (var i = 0; i < 10; i++)
        {
            var a = await StudyOneAsync(client, "nl", "travellers", grade: 3, right: i % 4 != 2);
            Assert.Equal("Volgende kaart", a.Feedback.QuerySelector("#next-card")?.TextContent.Trim());
            Assert.Equal("Waarom", a.Feedback.QuerySelector(".explanation h3")?.TextContent);
            answered.Add(a);
        }

        Assert.Equal(10, answered.Select(a => a.CardId).Distinct().Count());
        var scenario = answered.First(a => a.Kind == CardKind.Scenario);
        Assert.Contains("Juist", scenario.Feedback.QuerySelector("#feedback")?.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(scenario.Feedback.QuerySelector(".choice-feedback")!.TextContent);
        Assert.Contains(answered, a => a.Kind == CardKind.QuestionAnswer);
        Assert.Contains(answered, a => a.Kind is CardKind.MultipleChoice or CardKind.TrueFalse);
        Assert.Contains(answered, a => a.Feedback.QuerySelector(".verdict.wrong") is not null);

        // Ten new cards a day: the session is over until cards fall due.
        var done = await client.GetDocumentAsync(StudyUrl("nl", "travellers"));
        Assert.Contains("Dat was het voorlopig", done.QuerySelector("#study-done")?.TextContent, StringComparison.Ordinal);
        var reviews = await ReviewsAsync(learner);
        Assert.Equal(10, reviews.Count);
        Assert.All(reviews, r => Assert.Equal(CardState.New, r.StateBefore));
        Assert.Contains(reviews, r => r.Rating == Rating.Again);

        App.Clock.Advance(TimeSpan.FromDays(1));
        var back = await client.GetDocumentAsync(StudyUrl("nl", "travellers"));
        Assert.Contains("Te herhalen: 10", back.QuerySelector(".queue")?.TextContent, StringComparison.Ordinal);
        var again = await StudyOneAsync(client, "nl", "travellers");
        Assert.Contains(again.CardId, answered.Select(a => a.CardId));
        var last = (await ReviewsAsync(learner))[^1];
        Assert.NotEqual(CardState.New, last.StateBefore);
        Assert.True(last.ElapsedDays >= 1);

        var progress = await client.GetDocumentAsync("/nl/go4tips/progress");
        var heatmap = progress.QuerySelector("svg#heatmap")!;
        Assert.Equal("img", heatmap.GetAttribute("role"));
        Assert.Equal(11, heatmap.QuerySelectorAll("rect[data-count]").Sum(r => int.Parse(r.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Herhalingskalender", progress.QuerySelector("svg#heatmap title")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoredSchedule_EqualsSayStopFsrs_ReplayingTheSameReviewLog()
    {
        var (client, learner) = await NewLearnerAsync("en", "myths-and-facts");
        var saved = await client.SubmitAsync("/en/go4tips/settings", new Dictionary<string, string> { ["RetentionPercent"] = "85", ["NewPerDay"] = "6" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Mixed answers at uneven gaps: learning steps, same-day reviews, lapses, long intervals.
        TimeSpan[] gaps = [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(12), TimeSpan.FromHours(5), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(9)];
        var answers = 0;
        for (var step = 0; answers < 40 && step < 200; step++)
        {
            var doc = await client.GetDocumentAsync(StudyUrl("en", "myths-and-facts"));
            if (doc.QuerySelector("#study-done") is not null)
            {
                App.Clock.Advance(gaps[step % gaps.Length]);
                continue;
            }

            await StudyOneAsync(client, "en", "myths-and-facts", grade: 1 + (answers % 4), right: answers % 3 != 0);
            answers++;
            App.Clock.Advance(gaps[(answers * 7) % gaps.Length]);
        }

        Assert.Equal(40, answers);
        var reviews = await ReviewsAsync(learner);
        Assert.Equal(40, reviews.Count);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var states = await db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == learner).ToListAsync();
        Assert.Equal(6, await db.Set<Learner>().Where(l => l.Id == learner).Select(l => l.NewCardsPerDay).SingleAsync());
        var scheduler = new Scheduler(Go4TipsScheduling.Options(0.85));
        Assert.Contains(states, s => s.Reps >= 4);
        Assert.Contains(states, s => s.Lapses >= 1);
        Assert.Contains(states, s => s.State == CardState.Review);
        foreach (var state in states)
        {
            var history = reviews.Where(r => r.CardId == state.CardId).ToList();
            var replay = scheduler.Reschedule(history.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
            Assert.Equal(history.Count, replay.Count);
            Assert.Equal(history.Count, state.Version);
            for (var i = 0; i < history.Count; i++)
            {
                Assert.Equal(replay[i].Log.StateBefore, history[i].StateBefore);
                Assert.Equal(replay[i].Card.State, history[i].StateAfter);
                Assert.Equal(replay[i].Log.ElapsedDays, history[i].ElapsedDays);
                Assert.Equal(replay[i].Log.ScheduledDays, history[i].ScheduledDays);
                Assert.Equal(replay[i].Card.Stability, history[i].Stability, 1e-9);
                Assert.Equal(replay[i].Card.Difficulty, history[i].Difficulty, 1e-9);
            }

            var expected = replay[^1].Card;
            var actual = state.ToFsrs();
            Assert.Equal(expected.Stability, actual.Stability, 1e-9);
            Assert.Equal(expected.Difficulty, actual.Difficulty, 1e-9);
            Assert.Equal(expected.State, actual.State);
            Assert.Equal(expected.Step, actual.Step);
            Assert.Equal(expected.Reps, actual.Reps);
            Assert.Equal(expected.Lapses, actual.Lapses);
            Assert.Equal(expected.ScheduledDays, actual.ScheduledDays);
            Assert.Equal(expected.ElapsedDays, actual.ElapsedDays);
            // PostgreSQL keeps microseconds, .NET ticks: the instants agree to the microsecond.
            Assert.True((expected.Due - actual.Due).Duration() < TimeSpan.FromMilliseconds(1), $"due {expected.Due:O} vs {actual.Due:O}");
        }
    }

    [Fact]
    public async Task TheSameAnswerPostedTwice_CountsOnce_AndForgedAnswersAreRefused_NeverAnError()
    {
        var (alice, aliceId) = await NewLearnerAsync();
        var url = StudyUrl("en", "travellers");
        var first = await alice.GetDocumentAsync(url);
        Assert.Equal(nameof(CardKind.QuestionAnswer), first.QuerySelector("#card")!.GetAttribute("data-card-kind"));
        var cardId = first.QuerySelector("#card")!.GetAttribute("data-card")!;
        var revealed = await alice.GetDocumentAsync($"{url}?reveal={cardId}");
        var aliceToken = revealed.QuerySelector("form.grade-form input[name=token]")!.GetAttribute("value")!;

        var once = await alice.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = "3" }, "form.grade-form");
        var twice = await alice.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = "3" }, "form.grade-form");
        var thrice = await alice.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = "1" }, "form.grade-form");
        Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Equal(once.Headers.Location, twice.Headers.Location);
        Assert.Equal(once.Headers.Location, thrice.Headers.Location);
        Assert.Single(await ReviewsAsync(aliceId));

        // Bob's own pages (cookies, antiforgery) carrying hostile values.
        var (bob, bobId) = await NewLearnerAsync();
        var bobQuestion = await bob.GetDocumentAsync(url);
        var bobRevealed = await bob.GetDocumentAsync($"{url}?reveal={bobQuestion.QuerySelector("#card")!.GetAttribute("data-card")}");
        const string Forged = "This answer does not match a card you were shown.";
        const string Missing = "Pick an answer (or a grade) before you confirm.";
        const string Unknown = "That card is not in this deck.";
        var cases = new List<(string Name, Func<Task<HttpResponseMessage>> Post, string Message)>
        {
            ("another learner's token", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["token"] = aliceToken, ["grade"] = "3" }, "form.grade-form"), Forged),
            ("garbage token", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["token"] = "not-a-token", ["grade"] = "3" }, "form.grade-form"), Forged),
            ("empty token", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["token"] = string.Empty, ["grade"] = "3" }, "form.grade-form"), Forged),
            ("huge token", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["token"] = new string('A', 20_000), ["grade"] = "3" }, "form.grade-form"), Forged),
            ("grade 0", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "0" }, "form.grade-form"), Missing),
            ("grade 5", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "5" }, "form.grade-form"), Missing),
            ("grade -1", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "-1" }, "form.grade-form"), Missing),
            ("grade 2.5", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "2.5" }, "form.grade-form"), Missing),
            ("grade huge", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "99999999999999999999" }, "form.grade-form"), Missing),
            ("grade script", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string> { ["grade"] = "<script>alert(1)</script>" }, "form.grade-form"), Missing),
            ("no grade", () => bob.SubmitAsync(bobRevealed, url, new Dictionary<string, string>(), "form.grade-form"), Missing),
            ("the right token on another deck", () => PostToAsync(bob, bobRevealed, "form.grade-form", StudyUrl("en", "professionals"), new Dictionary<string, string> { ["grade"] = "3" }), Unknown),
            ("no learner cookie", () => WithoutLearnerCookieAsync(url), "We could not recognise you"),
        };
        foreach (var (name, post, message) in cases)
        {
            var response = await post();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            Assert.Contains(message, body, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)", body, StringComparison.Ordinal);
            // Nothing is lost: the card to answer is on the refusal page.
            Assert.NotNull(Forms.Parse(body).QuerySelector("#card"));
        }

        Assert.Empty(await ReviewsAsync(bobId));
        Assert.Single(await ReviewsAsync(aliceId));

        // A choice card: an answer that is not one of its choices.
        var choiceCard = await FirstChoiceCardDocAsync(bob, url);
        foreach (var choice in new[] { "99", "0", "-2", "1 OR 1=1", string.Empty })
        {
            var response = await bob.SubmitAsync(choiceCard, url, new Dictionary<string, string> { ["choice"] = choice }, "form.choice-form");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"choice '{choice}': {(int)response.StatusCode}");
            Assert.Contains(Missing, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Someone else's feedback page shows nothing of theirs.
        var peek = await bob.GetDocumentAsync(once.Headers.Location!.ToString());
        Assert.Null(peek.QuerySelector("#feedback"));
    }

    /// <summary>Answers question cards until the study page shows a choice card.</summary>
    private static async Task<IHtmlDocument> FirstChoiceCardDocAsync(HttpClient client, string url)
    {
        for (var i = 0; i < 5; i++)
        {
            var doc = await client.GetDocumentAsync(url);
            if (doc.QuerySelector("form.choice-form") is not null)
            {
                return doc;
            }

            var card = doc.QuerySelector("#card")!.GetAttribute("data-card");
            var revealed = await client.GetDocumentAsync($"{url}?reveal={card}");
            await client.SubmitAsync(revealed, url, new Dictionary<string, string> { ["grade"] = "3" }, "form.grade-form");
        }

        throw new InvalidOperationException("No choice card came up.");
    }

    private static async Task<HttpResponseMessage> PostToAsync(HttpClient client, IHtmlDocument doc, string formSelector, string target, Dictionary<string, string> fields)
    {
        var form = doc.QuerySelector(formSelector)!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty)).ToList();
        values.AddRange(fields);
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    /// <summary>A browser that kept the antiforgery cookie but refuses (or lost) the learner cookie.</summary>
    private async Task<HttpResponseMessage> WithoutLearnerCookieAsync(string url)
    {
        var client = App.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync(url);
        var doc = Forms.Parse(await page.Content.ReadAsStringAsync());
        var card = doc.QuerySelector("#card")!.GetAttribute("data-card");
        var revealed = await client.GetAsync($"{url}?reveal={card}");
        var antiforgery = revealed.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("saystop.af=", StringComparison.Ordinal)).Split(';')[0];
        var form = Forms.Parse(await revealed.Content.ReadAsStringAsync()).QuerySelector("form.grade-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty)).ToList();
        values.Add(new("grade", "3"));
        var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) };
        post.Headers.Add("Cookie", antiforgery);
        return await client.SendAsync(post);
    }

    [Fact]
    public async Task TheQuiz_AsksTenQuestions_AndGivesTheScore_ReplayedAnswersNotCountedTwice()
    {
        App.Require();
        var client = App.Client();
        var url = "/en/go4tips/professionals/quiz";
        var doc = await client.GetDocumentAsync(url);
        var seen = new HashSet<string>();
        for (var i = 0; i < Quiz.Length; i++)
        {
            Assert.Equal($"Question {i + 1} of 10", doc.QuerySelector("main .meta")?.TextContent);
            var card = doc.QuerySelector("form.choice-form input[name=card]")!.GetAttribute("value")!;
            Assert.True(seen.Add(card), "a question came twice");
            var right = i < 7;
            var fields = new Dictionary<string, string> { ["choice"] = (await ChoiceAsync(Guid.Parse(card), right)).ToString(System.Globalization.CultureInfo.InvariantCulture), ["go"] = "answer" };
            var answer = await client.SubmitAsync(doc, url, fields, "form.choice-form");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var feedback = await answer.DocumentAsync();
            Assert.Contains(right ? "Right!" : "Not quite.", feedback.QuerySelector("#feedback")?.TextContent, StringComparison.Ordinal);
            if (i == 3)
            {
                // The same answer posted again: same page, the score is carried by the form, not added twice.
                var replay = await client.SubmitAsync(doc, url, fields, "form.choice-form");
                feedback = await replay.DocumentAsync();
            }

            var next = await client.SubmitAsync(feedback, url, new Dictionary<string, string> { ["go"] = "next" }, "main form");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            doc = await next.DocumentAsync();
        }

        Assert.Contains("7 / 10", doc.QuerySelector("#quiz-score")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("You got 7 right out of 10.", doc.QuerySelector("#quiz-score")?.TextContent, StringComparison.Ordinal);

        var forged = await client.PostAsync(url, new FormUrlEncodedContent([new("state", "tampered"), new("go", "next")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Settings_RefuseOutOfRangeValues_WithAMessage_AndKeepWhatWasTyped()
    {
        App.Require();
        var client = App.Client();
        foreach (var bad in new[] { "120", "69", "abc", "<script>alert(1)</script>", string.Empty, "0.9" })
        {
            var response = await client.SubmitAsync("/fr/go4tips/settings", new Dictionary<string, string> { ["RetentionPercent"] = bad, ["NewPerDay"] = "10" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("Indiquez un nombre entier entre 70 et 97.", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)", body, StringComparison.Ordinal);
            Assert.Equal(bad, (await response.DocumentAsync()).QuerySelector("#retention")?.GetAttribute("value") ?? string.Empty);
        }

        var ok = await client.SubmitAsync("/fr/go4tips/settings", new Dictionary<string, string> { ["RetentionPercent"] = "95", ["NewPerDay"] = "12" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var page = await client.GetDocumentAsync(ok.Headers.Location!.ToString());
        Assert.Equal("95", page.QuerySelector("#retention")?.GetAttribute("value"));
        Assert.Equal("12", page.QuerySelector("#new-per-day")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Progress_DrawsAccessibleSvgCharts_EvenBeforeTheFirstAnswer()
    {
        App.Require();
        var client = App.Client();
        foreach (var culture in new[] { "fr", "nl", "en" })
        {
            var doc = await client.GetDocumentAsync($"/{culture}/go4tips/progress");
            foreach (var id in new[] { "heatmap", "forecast" })
            {
                var svg = doc.QuerySelector($"svg#{id}")!;
                Assert.Equal("img", svg.GetAttribute("role"));
                Assert.Equal($"{id}-title {id}-desc", svg.GetAttribute("aria-labelledby"));
                Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("desc")?.TextContent));
                Assert.Null(svg.QuerySelector("[style]"));
            }

            var cells = doc.QuerySelectorAll("svg#heatmap rect").Length;
            Assert.InRange(cells, ((ProgressCharts.HeatmapWeeks - 1) * 7) + 1, ProgressCharts.HeatmapWeeks * 7);
            Assert.Equal(ProgressModel.ForecastDays, doc.QuerySelectorAll("#forecast-table tbody tr").Length);
        }
    }

    [Fact]
    public async Task ATrainer_CreatesAGroup_FiveLearnersJoinWithTheCode_AndTheGroupPageShowsTheRetentionCurve()
    {
        App.Require();
        var trainerAccount = await App.CreateStaffAsync(SayStop.Web.Features.Account.StaffRoles.Trainer);
        var trainer = await App.SignInAsync(trainerAccount);
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await trainer.SubmitAsync("/en/go4tips/manage", new Dictionary<string, string> { ["Name"] = "  ", ["DeckKey"] = "professionals", ["TrainedOn"] = today });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Give the group a name", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await trainer.SubmitAsync("/en/go4tips/manage", new Dictionary<string, string> { ["Name"] = "Hotel <b>staff</b>", ["DeckKey"] = "professionals", ["TrainedOn"] = today });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var groupUrl = created.Headers.Location!.ToString();
        var groupPage = await trainer.GetDocumentAsync(groupUrl);
        Assert.Equal("Hotel <b>staff</b>", groupPage.QuerySelector("h1")?.TextContent);
        var code = groupPage.QuerySelector("#join-code")!.TextContent.Trim();
        Assert.Matches("^[A-Z2-9]{8}$", code);
        Assert.StartsWith("data:image/png;base64,", groupPage.QuerySelector("img.qr")?.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Contains($"/en/go4tips/join?code={code}", groupPage.QuerySelector("#join-url")?.GetAttribute("href"), StringComparison.Ordinal);

        var wrongCode = await App.Client().GetAsync("/en/go4tips/join?code=NOPE-NOPE");
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Contains("This code matches no group.", await wrongCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var learners = new List<HttpClient>();
        for (var i = 0; i < 5; i++)
        {
            var (learner, _) = await NewLearnerAsync("en", "professionals");
            // Typed as read from a slide: lower case, with a dash.
            var typed = code[..4].ToLowerInvariant() + "-" + code[4..];
            var joined = await learner.SubmitAsync($"/en/go4tips/join?code={typed}", new Dictionary<string, string>(), "main form");
            Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
            Assert.Equal("/en/go4tips/professionals/study", joined.Headers.Location?.ToString());
            learners.Add(learner);
            if (i == 3)
            {
                var small = await trainer.GetDocumentAsync(groupUrl);
                Assert.NotNull(small.QuerySelector("#too-small"));
                Assert.Null(small.QuerySelector("svg#retention-curve"));
                Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync(groupUrl + "?handler=csv")).StatusCode);
            }
        }

        foreach (var learner in learners)
        {
            for (var k = 0; k < 4; k++)
            {
                await StudyOneAsync(learner, "en", "professionals");
            }
        }

        App.Clock.Advance(TimeSpan.FromDays(8));
        for (var i = 0; i < learners.Count; i++)
        {
            for (var k = 0; k < 4; k++)
            {
                await StudyOneAsync(learners[i], "en", "professionals", grade: k == 0 && i < 2 ? 1 : 3, right: !(k == 1 && i < 3));
            }
        }

        // A week later the staff session has expired: the trainer signs in again.
        trainer = await App.SignInAsync(trainerAccount);
        var page = await trainer.GetDocumentAsync(groupUrl);
        Assert.Contains("5 member(s)", page.QuerySelector("#member-count")?.TextContent, StringComparison.Ordinal);
        var curve = page.QuerySelector("svg#retention-curve")!;
        Assert.Equal("img", curve.GetAttribute("role"));
        var week = page.QuerySelector("#curve-table tbody tr")!;
        Assert.Equal("7–13", week.QuerySelector("th")?.TextContent);
        Assert.Equal("20", week.QuerySelectorAll("td")[0].TextContent);
        Assert.NotEmpty(page.QuerySelectorAll("#forgotten li"));

        var csv = await trainer.GetAsync(groupUrl + "?handler=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("days_since_training_from,days_since_training_to,recall_attempts,recalled,retention", lines[0]);
        Assert.StartsWith("7,13,20,", lines[1], StringComparison.Ordinal);

        // Another trainer does not see this group.
        var other = await App.SignInAsync(await App.CreateStaffAsync(SayStop.Web.Features.Account.StaffRoles.Trainer));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(groupUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(groupUrl + "?handler=csv")).StatusCode);
    }

    [Fact]
    public async Task Reminders_AreOptIn_SentThroughTheOutboxWhenCardsAreDue_AndOneClickUnsubscribeDeletesTheAddress()
    {
        var (client, learner) = await NewLearnerAsync("fr", "travellers");
        var email = $"learner-{Guid.NewGuid():N}@test.example";
        Dictionary<string, string> Fields(string every, string address) => new()
        {
            ["RetentionPercent"] = "90", ["NewPerDay"] = "10", ["ReminderEvery"] = every, ["ReminderEmail"] = address,
        };
        foreach (var (every, address, message) in new[]
                 {
                     ("1", "not-an-email", "Indiquez une adresse e-mail valide"),
                     ("7", "<script>@x", "Indiquez une adresse e-mail valide"),
                     ("3", email, "Choisissez une des options de rappel."),
                 })
        {
            var refused = await client.SubmitAsync("/fr/go4tips/settings", Fields(every, address));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(message, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/fr/go4tips/settings", Fields("1", email))).StatusCode);
        await StudyOneAsync(client, "fr", "travellers");

        App.Clock.Advance(TimeSpan.FromDays(2));
        await App.Services.GetRequiredService<SayStop.Web.Infrastructure.Jobs.JobRunner>().RunDueJobsAsync(CancellationToken.None);
        var mail = await App.Smtp.WaitForAsync(email);
        Assert.Equal("Go4Tips\u00A0: 1 carte(s) à revoir", mail.Subject);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"https?://\S+/fr/go4tips/unsubscribe\?token=\S+").Value;
        Assert.NotEmpty(link);

        // One click, from any browser: no cookie needed.
        var unsubscribe = await App.Client().GetDocumentAsync(new Uri(link).PathAndQuery);
        Assert.NotNull(unsubscribe.QuerySelector("#unsubscribed"));
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<ReminderSubscription>().AnyAsync(r => r.LearnerId == learner));
        }

        App.Clock.Advance(TimeSpan.FromDays(2));
        await App.Services.GetRequiredService<SayStop.Web.Infrastructure.Jobs.JobRunner>().RunDueJobsAsync(CancellationToken.None);
        await Task.Delay(1500);
        Assert.Single(App.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client().GetAsync("/fr/go4tips/unsubscribe?token=forged")).StatusCode);
    }

    [Theory]
    [InlineData("/en/go4tips/no-such-deck/study")]
    [InlineData("/en/go4tips/no-such-deck/quiz")]
    public async Task UnknownDecks_Are404(string url)
    {
        App.Require();
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("?review=not-a-guid")]
    [InlineData("?review=0192f1c2-0000-7000-8000-000000000000")]
    [InlineData("?reveal=%3Cscript%3E")]
    public async Task OddStudyAddresses_ShowTheNextCard(string query)
    {
        App.Require();
        var response = await App.Client().GetAsync(StudyUrl("en", "young-people-online") + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.DocumentAsync()).QuerySelector("#card"));
    }
}

public sealed class Go4TipsSqliteTests(SqliteApp app) : Go4TipsTests(app), IClassFixture<SqliteApp>;

public sealed class Go4TipsPostgresTests(PostgresApp app) : Go4TipsTests(app), IClassFixture<PostgresApp>;
