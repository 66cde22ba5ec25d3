using SayStop.Sealing;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>The budgets that slow receipt guessing and submission floods, without knowing who asks.</summary>
public sealed class ThrottleTests
{
    [Fact]
    public void OneReceipt_TriedTooOftenThisHour_IsRefused_OthersAreNot()
    {
        using var throttle = new FollowUpThrottle(permitsPerMinute: 1000, permitsPerReceiptPerHour: 3);
        var target = Receipt.Create().ToDisplayString();
        Assert.True(throttle.TryEnter(target));
        Assert.True(throttle.TryEnter(target.ToLowerInvariant()));
        Assert.True(throttle.TryEnter(target));
        Assert.False(throttle.TryEnter(target));
        Assert.True(throttle.TryEnter(Receipt.Create().ToDisplayString()));
        Assert.True(throttle.TryEnter("not a receipt"));
    }

    [Fact]
    public void TheSiteWideBudgets_RunOut()
    {
        using var followUp = new FollowUpThrottle(permitsPerMinute: 2, permitsPerReceiptPerHour: 100);
        Assert.True(followUp.TryEnter());
        Assert.True(followUp.TryEnter());
        Assert.False(followUp.TryEnter());

        using var sending = new SubmissionThrottle(permitsPerMinute: 1);
        Assert.True(sending.TryEnter());
        Assert.False(sending.TryEnter());
    }
}
