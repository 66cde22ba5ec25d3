using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Features.Statistics;

/// <summary>How a deleted report ended, as counted on the public statistics page.</summary>
public enum ReportOutcome
{
    ForwardedToPolice,
    ClosedUnusable,
    DeletedByHandler,
}

/// <summary>
/// All that is left of a report once it is deleted: where, what kind, the month it arrived, whether it was urgent,
/// how it ended. No report id, no day, no time of deletion: the row cannot be tied back to the report, the audit
/// log or the reporter.
/// </summary>
public sealed class ReportStatistic
{
    /// <summary>A random (version 4) id: a version 7 id would carry the moment of deletion.</summary>
    public Guid Id { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code, or the "other" code.</summary>
    public string Country { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>The month the report arrived, "yyyy-MM" (never the day).</summary>
    public string Month { get; set; } = string.Empty;

    public bool Urgent { get; set; }

    public ReportOutcome Outcome { get; set; }

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class ReportStatisticConfiguration : IEntityTypeConfiguration<ReportStatistic>
{
    public void Configure(EntityTypeBuilder<ReportStatistic> b)
    {
        b.ToTable("ReportStatistics");
        b.HasKey(s => s.Id);
        b.Property(s => s.Country).HasMaxLength(2).IsRequired();
        b.Property(s => s.Kind).HasMaxLength(30).IsRequired();
        b.Property(s => s.Month).HasMaxLength(7).IsRequired();
        b.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(s => new { s.Country, s.Month });
        b.HasIndex(s => s.Month);
    }
}
