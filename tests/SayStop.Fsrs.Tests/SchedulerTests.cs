namespace SayStop.Fsrs.Tests;

public class SchedulerTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, 5, 9)]
    [InlineData(17, 14, 20)]
    [InlineData(37, 33, 41)]
    public void FuzzRange_MatchesAnkiVectors(int interval, int min, int max) =>
        Assert.Equal((min, max), IntervalFuzz.Range(interval, 0, 36500));

    [Fact]
    public void Fuzz_IsDeterministicAndWithinRange()
    {
        var scheduler = new Scheduler(new SchedulerOptions { EnableFuzz = true, FuzzSeed = 42, LearningSteps = [], RelearningSteps = [] });
        var card = Card.CreateNew(Start);
        card = scheduler.Review(card, Start, Rating.Easy).Card;
        var at = card.Due;
        var a = scheduler.Review(card, at, Rating.Good).Card;
        var b = scheduler.Review(card, at, Rating.Good).Card;
        Assert.Equal(a, b);
        var exact = new Scheduler(new SchedulerOptions { LearningSteps = [], RelearningSteps = [] }).Review(card, at, Rating.Good).Card;
        var (lo, hi) = IntervalFuzz.Range(exact.ScheduledDays, card.ScheduledDays, 36500);
        Assert.InRange(a.ScheduledDays, lo, hi);
    }

    [Fact]
    public void DefaultSteps_FollowTsFsrsReferenceSequence()
    {
        // cards.md §3.1, default options.
        var s = new Scheduler();
        var card = Card.CreateNew(Start);
        card = s.Review(card, Start, Rating.Good).Card;
        Assert.Equal(CardState.Learning, card.State);
        Assert.Equal(Start.AddMinutes(10), card.Due);
        card = s.Review(card, Start.AddDays(3), Rating.Good).Card;
        Assert.Equal((CardState.Review, 14), (card.State, card.ScheduledDays));
        card = s.Review(card, Start.AddDays(13), Rating.Again).Card;
        Assert.Equal((CardState.Relearning, 1), (card.State, card.Lapses));
        Assert.Equal(Start.AddDays(13).AddMinutes(10), card.Due);
        card = s.Review(card, Start.AddDays(13).AddMinutes(10), Rating.Hard).Card;
        Assert.Equal(Start.AddDays(13).AddMinutes(25), card.Due);
        card = s.Review(card, Start.AddDays(19), Rating.Easy).Card;
        Assert.Equal((CardState.Review, 11), (card.State, card.ScheduledDays));
    }

    [Fact]
    public void HardOnALaterLearningStep_RepeatsThatStep()
    {
        // Documented choice (Anki manual, py-fsrs); ts-fsrs would give the first step's Hard delay (avg of 1m and 10m).
        var s = new Scheduler(new SchedulerOptions { LearningSteps = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)] });
        var card = s.Review(Card.CreateNew(Start), Start, Rating.Good).Card; // -> step 1 (10m)
        card = s.Review(card, Start.AddMinutes(10), Rating.Good).Card;       // -> step 2 (1h)
        Assert.Equal(2, card.Step);
        var hard = s.Review(card, Start.AddMinutes(70), Rating.Hard).Card;
        Assert.Equal(2, hard.Step);
        Assert.Equal(Start.AddMinutes(130), hard.Due);
        var hardFirst = s.Review(Card.CreateNew(Start), Start, Rating.Hard).Card;
        Assert.Equal(Start.AddMinutes(6), hardFirst.Due); // average of the first two steps, rounded (5.5 -> 6)
    }

    [Fact]
    public void LongTermScheduler_OrdersIntervalsStrictly()
    {
        var s = new Scheduler(new SchedulerOptions { EnableShortTerm = false });
        var preview = s.Preview(Card.CreateNew(Start), Start);
        Assert.All(new[] { preview.Again, preview.Hard, preview.Good, preview.Easy }, o => Assert.Equal(CardState.Review, o.Card.State));
        Assert.Equal(3, preview.Good.Card.ScheduledDays); // cards.md §3.1: 3 d, not 2 d, because of the ordering guard
        Assert.True(preview.Again.Card.ScheduledDays < preview.Hard.Card.ScheduledDays);
        Assert.True(preview.Hard.Card.ScheduledDays < preview.Good.Card.ScheduledDays);
        Assert.True(preview.Good.Card.ScheduledDays < preview.Easy.Card.ScheduledDays);
    }

    [Fact]
    public void MaximumInterval_IsRespected()
    {
        var s = new Scheduler(new SchedulerOptions { MaximumInterval = 30, LearningSteps = [] });
        var card = s.Review(Card.CreateNew(Start), Start, Rating.Easy).Card;
        for (var i = 0; i < 5; i++)
        {
            card = s.Review(card, card.Due, Rating.Easy).Card;
            Assert.True(card.ScheduledDays <= 30);
        }
    }

    [Fact]
    public void DayBoundary_CountsLearningDaysInTheUsersZone()
    {
        var brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var boundary = new DayBoundary(brussels, 4);
        // 23:00 and 03:30 Brussels time (UTC+1 in winter) belong to the same learning day.
        var late = new DateTimeOffset(2025, 1, 10, 22, 0, 0, TimeSpan.Zero);
        var early = new DateTimeOffset(2025, 1, 11, 2, 30, 0, TimeSpan.Zero);
        Assert.Equal(0, boundary.ElapsedDays(late, early));
        Assert.Equal(1, DayBoundary.Utc.ElapsedDays(late, early));
        Assert.Equal(1, boundary.ElapsedDays(late, early.AddHours(1)));
        Assert.Equal(0, boundary.ElapsedDays(early, late)); // never negative
    }

    [Fact]
    public void Reschedule_SkipsManualEntriesAndSortsByTime()
    {
        var s = new Scheduler();
        var history = new[]
        {
            new ReviewEvent(Start.AddDays(3), Rating.Good),
            new ReviewEvent(Start, Rating.Good),
            new ReviewEvent(Start.AddDays(2), Rating.Manual),
        };
        var outcomes = s.Reschedule(history);
        Assert.Equal(2, outcomes.Count);
        Assert.Equal(CardState.Review, outcomes[^1].Card.State);
        Assert.Empty(s.Reschedule([]));
    }

    [Fact]
    public void Retrievability_IsOneForNewCards_AndFallsAfterwards()
    {
        var s = new Scheduler();
        var card = Card.CreateNew(Start);
        Assert.Equal(1.0, s.Retrievability(card, Start.AddDays(5)));
        card = s.Review(card, Start, Rating.Good).Card;
        Assert.True(s.Retrievability(card, Start.AddDays(5)) < 1.0);
    }
}
