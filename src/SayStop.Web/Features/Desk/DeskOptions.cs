namespace SayStop.Web.Features.Desk;

/// <summary>
/// Desk settings (section <c>Desk</c>): how long an unlocked key stays usable without activity, the legal
/// deadlines (EU Directive 2019/1937: acknowledge within 7 days, feedback within 3 months), the inbox page size,
/// how long a forwarded or closed report is kept before deletion.
/// </summary>
public sealed class DeskOptions
{
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Even an active session unlocks again after this, so a forgotten open browser does not stay open for days.</summary>
    public TimeSpan MaxSessionLength { get; init; } = TimeSpan.FromHours(12);

    public int AcknowledgeWithinDays { get; init; } = 7;

    public int FeedbackWithinMonths { get; init; } = 3;

    public int PageSize { get; init; } = 50;

    /// <summary>
    /// The inbox counts matching reports up to this many and then says "more than": counting 100,000 rows was the
    /// dearest query of an inbox view on PostgreSQL (bench/desk). Paging goes on past it.
    /// </summary>
    public int CountCap { get; init; } = 1000;

    /// <summary>A report forwarded to the police this many days ago is deleted (the police have their copy).</summary>
    public int DeleteAfterForwardedDays { get; init; } = 30;

    /// <summary>A report closed (unusable) this many days ago is deleted.</summary>
    public int DeleteAfterClosedDays { get; init; } = 30;

    /// <summary>
    /// How many not-yet-indexed reports an inbox view by a handler with an unlocked key adds to the blind index
    /// (DeskIndex); 0 leaves indexing to the report page alone.
    /// </summary>
    public int IndexBatch { get; init; } = 20;

    public static DeskOptions From(IConfiguration configuration) => new()
    {
        IndexBatch = Math.Clamp(configuration.GetValue("Desk:IndexBatch", 20), 0, 500),
        IdleTimeout = TimeSpan.FromMinutes(Math.Clamp(configuration.GetValue("Desk:IdleMinutes", 30), 1, 24 * 60)),
        MaxSessionLength = TimeSpan.FromHours(Math.Clamp(configuration.GetValue("Desk:MaxSessionHours", 12), 1, 72)),
        AcknowledgeWithinDays = Math.Clamp(configuration.GetValue("Desk:AcknowledgeWithinDays", 7), 1, 365),
        FeedbackWithinMonths = Math.Clamp(configuration.GetValue("Desk:FeedbackWithinMonths", 3), 1, 24),
        PageSize = Math.Clamp(configuration.GetValue("Desk:PageSize", 50), 5, 500),
        CountCap = Math.Clamp(configuration.GetValue("Desk:InboxCountCap", 1000), 100, 1_000_000),
        DeleteAfterForwardedDays = Math.Clamp(configuration.GetValue("Desk:DeleteAfterForwardedDays", 30), 0, 3650),
        DeleteAfterClosedDays = Math.Clamp(configuration.GetValue("Desk:DeleteAfterClosedDays", 30), 0, 3650),
    };

    /// <summary>Reports received before this day and not acknowledged are overdue today.</summary>
    public DateOnly AcknowledgeCutoff(DateOnly today) => today.AddDays(-AcknowledgeWithinDays);

    /// <summary>Reports received before this day without feedback are overdue today.</summary>
    public DateOnly FeedbackCutoff(DateOnly today) => today.AddMonths(-FeedbackWithinMonths);
}
