using SayStop.Web.Features.Go4Tips;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>The streak counts study days in a row; only a day that had due cards and no answer breaks it.</summary>
public sealed class StreakTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static DateOnly Ago(int days) => Today.AddDays(-days);

    private static HashSet<DateOnly> Days(params int[] ago) => ago.Select(Ago).ToHashSet();

    [Fact]
    public void ConsecutiveDays_Count_AndTodayNotYetStudied_DoesNotBreakIt()
    {
        Assert.Equal(3, ProgressModel.StreakFrom(Days(0, 1, 2), Days(), Today));
        Assert.Equal(3, ProgressModel.StreakFrom(Days(1, 2, 3), Days(0, 1, 2, 3), Today));
        Assert.Equal(0, ProgressModel.StreakFrom(Days(), Days(), Today));
    }

    [Fact]
    public void ADayWithCardsDueAndNoAnswer_BreaksIt_ButADayWithNothingDue_DoesNot()
    {
        Assert.Equal(2, ProgressModel.StreakFrom(Days(0, 1, 3, 4), Days(2), Today));
        Assert.Equal(4, ProgressModel.StreakFrom(Days(0, 1, 3, 4), Days(), Today));
    }

    [Fact]
    public void DaysWithCardsDue_RunFromTheDueDay_UntilTheNextReview_OrUntilToday()
    {
        var card = Guid.NewGuid();
        var other = Guid.NewGuid();
        var due = ProgressModel.DaysWithCardsDue(
        [
            (card, Ago(10), Ago(7)),   // due 7 days ago, answered 5 days ago
            (card, Ago(5), Ago(2)),    // due again 2 days ago, still waiting
            (other, Ago(10), Ago(4)),  // answered early, 6 days ago, before it fell due
            (other, Ago(6), Ago(0)),   // due today: today is not over
        ], Today.DayNumber);
        Assert.Equal(Days(7, 6, 2, 1).Order(), due.Order());
    }
}
