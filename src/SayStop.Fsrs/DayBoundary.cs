namespace SayStop.Fsrs;

/// <summary>
/// Decides which "learning day" an instant belongs to, so that elapsed time can be counted in whole days.
/// A day runs from <see cref="RolloverHour"/> o'clock in <see cref="TimeZone"/> to the same hour the next day
/// (Anki's "next day starts at", default 4 h). Two reviews on the same learning day have 0 elapsed days.
/// </summary>
/// <remarks>
/// Peers differ here: ts-fsrs counts UTC calendar dates (= <see cref="Utc"/>), py-fsrs counts whole 24-hour periods,
/// Anki and the fsrs-rs converter use the user's local day with a rollover hour. The memory model only ever sees
/// whole days, so the choice matters only for reviews a few hours apart across a boundary. The scheduler's default
/// is <see cref="Utc"/> because it needs no user data and reproduces ts-fsrs exactly; an app that knows its users'
/// time zones should pass <c>new DayBoundary(userZone, 4)</c>, which is what Anki does.
/// </remarks>
public sealed class DayBoundary
{
    /// <summary>Creates a day boundary.</summary>
    /// <param name="timeZone">The learner's time zone.</param>
    /// <param name="rolloverHour">Hour (0..23, local time) at which a new learning day starts.</param>
    public DayBoundary(TimeZoneInfo timeZone, int rolloverHour)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentOutOfRangeException.ThrowIfNegative(rolloverHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rolloverHour, 23);
        TimeZone = timeZone;
        RolloverHour = rolloverHour;
        _isUtc = timeZone.Equals(TimeZoneInfo.Utc);
    }

    private readonly bool _isUtc;

    /// <summary>UTC calendar days, starting at midnight UTC (what ts-fsrs uses).</summary>
    public static DayBoundary Utc { get; } = new(TimeZoneInfo.Utc, 0);

    /// <summary>The learner's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Local hour at which a new learning day starts.</summary>
    public int RolloverHour { get; }

    /// <summary>The learning day an instant falls on, as a day number (days since 0001-01-01).</summary>
    public int DayNumber(DateTimeOffset instant)
    {
        if (_isUtc)
        {
            // Fast path: no time-zone rules to look up (review logs hold millions of rows).
            return (int)((instant.UtcTicks - (RolloverHour * TimeSpan.TicksPerHour)) / TimeSpan.TicksPerDay);
        }

        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var shifted = local.DateTime.AddHours(-RolloverHour);
        return (int)(shifted.Ticks / TimeSpan.TicksPerDay);
    }

    /// <summary>Whole learning days from <paramref name="from"/> to <paramref name="to"/> (0 on the same learning day; never negative).</summary>
    public int ElapsedDays(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, DayNumber(to) - DayNumber(from));
}
