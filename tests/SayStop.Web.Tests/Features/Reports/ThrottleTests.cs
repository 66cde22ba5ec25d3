using Microsoft.AspNetCore.DataProtection;
using SayStop.Sealing;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Security;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// The budgets and slow-downs as plain classes. That the pages use them, with the production budgets, is shown by
/// <see cref="FloodTests"/> through the real pages.
/// </summary>
public sealed class ThrottleTests
{
    private static readonly ReportsOptions Options = new()
    {
        FollowUpPermitsPerClientPerMinute = 3,
        SubmissionsPerClientPerHour = 2,
        SubmissionsPerMinute = 3,
        LocatorFreeFailures = 2,
        LocatorFirstDelay = TimeSpan.FromSeconds(1),
        LocatorMaxDelay = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void OneClientsChecks_RunOut_OthersDoNot()
    {
        using var throttle = new FollowUpThrottle(Options, new ShiftedTimeProvider());
        Assert.True(throttle.TryEnter("a"));
        Assert.True(throttle.TryEnter("a"));
        Assert.True(throttle.TryEnter("a"));
        Assert.False(throttle.TryEnter("a"));
        Assert.True(throttle.TryEnter("b"));
    }

    [Fact]
    public void WrongSecrets_SlowALocatorDown_Doubling_UpToTheCap_AndOnlyThatLocator()
    {
        var clock = new ShiftedTimeProvider();
        using var throttle = new FollowUpThrottle(Options, clock);
        var locator = Receipt.Create().Locator;
        throttle.RecordWrong(locator);
        throttle.RecordWrong(locator);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(locator));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            throttle.RecordWrong(locator);
            delays.Add(throttle.DelayFor(locator));
        }

        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
        Assert.All(delays, d => Assert.True(d <= Options.LocatorMaxDelay));
        Assert.InRange(delays[^1], Options.LocatorMaxDelay - TimeSpan.FromSeconds(0.5), Options.LocatorMaxDelay);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Receipt.Create().Locator));

        // The slow-down passes: after it, the next check goes at once (the holder is never shut out).
        clock.Advance(Options.LocatorMaxDelay);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(locator));
    }

    [Fact]
    public void OneClientCannotExhaustTheSiteWideSendBudget()
    {
        using var sending = new SubmissionThrottle(Options);
        Assert.True(sending.TryEnter("a"));
        Assert.True(sending.TryEnter("a"));
        Assert.False(sending.TryEnter("a"));
        Assert.True(sending.TryEnter("b"));
        // Three clients together reach the site-wide last resort; one alone never does.
        Assert.False(sending.TryEnter("c"));
    }

    [Fact]
    public void ClientKeys_AreNotAddresses_AndOneIPv6SubscriberIsOneClient()
    {
        var clients = new ClientPartitions();
        var a = clients.KeyOf(System.Net.IPAddress.Parse("203.0.113.7"));
        Assert.DoesNotContain("203", a, StringComparison.Ordinal);
        Assert.Equal(a, clients.KeyOf(System.Net.IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.NotEqual(a, clients.KeyOf(System.Net.IPAddress.Parse("203.0.113.8")));
        Assert.Equal(clients.KeyOf(System.Net.IPAddress.Parse("2001:db8:1:2::1")), clients.KeyOf(System.Net.IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(clients.KeyOf(System.Net.IPAddress.Parse("2001:db8:1:2::1")), clients.KeyOf(System.Net.IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotEqual(a, new ClientPartitions().KeyOf(System.Net.IPAddress.Parse("203.0.113.7")));
    }
}

/// <summary>The send step's proof of work and its no-JavaScript wait.</summary>
public sealed class SendChallengeTests
{
    private static (SendChallenges Challenges, ShiftedTimeProvider Clock) Make(int difficulty = 12)
    {
        var clock = new ShiftedTimeProvider();
        var options = new ReportsOptions { SendChallengeDifficulty = difficulty, NoScriptWait = TimeSpan.FromSeconds(5) };
        return (new SendChallenges(new EphemeralDataProtectionProvider(), options, clock), clock);
    }

    [Fact]
    public void ASolvedChallenge_IsAcceptedAtOnce_ForItsOwnDraftOnly()
    {
        var (challenges, _) = Make();
        var draft = Guid.NewGuid();
        var token = challenges.Issue(draft);
        Assert.Equal(12, challenges.DifficultyOf(token));
        var proof = SendChallenges.Solve(token, 12);
        Assert.Equal(ChallengeOutcome.Solved, challenges.Check(token, proof, draft));
        Assert.Equal(ChallengeOutcome.Invalid, challenges.Check(token, proof, Guid.NewGuid()));
    }

    [Fact]
    public void WithoutProof_ASend_WaitsForTheEarliestTime()
    {
        var (challenges, clock) = Make(difficulty: 24);
        var draft = Guid.NewGuid();
        var token = challenges.Issue(draft);
        Assert.Equal(ChallengeOutcome.TooEarly, challenges.Check(token, null, draft));
        Assert.Equal(ChallengeOutcome.TooEarly, challenges.Check(token, "12345", draft));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ChallengeOutcome.Waited, challenges.Check(token, null, draft));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAA")]
    public void AForgedOrMissingChallenge_IsInvalid(string? token)
    {
        var (challenges, clock) = Make();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ChallengeOutcome.Invalid, challenges.Check(token, "1", Guid.NewGuid()));
        Assert.Equal(ChallengeOutcome.Invalid, challenges.Check(new string('A', 5000), "1", Guid.NewGuid()));
    }

    [Fact]
    public void AnotherSitesChallenge_IsInvalid()
    {
        var (mine, _) = Make();
        var (theirs, _) = Make();
        var draft = Guid.NewGuid();
        var token = theirs.Issue(draft);
        Assert.Equal(ChallengeOutcome.Invalid, mine.Check(token, SendChallenges.Solve(token, 12), draft));
    }
}
