using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// A word the case handlers sort reports by ("needs translation", "online"). Stored in clear: it is the handlers'
/// own vocabulary, not report content (the page says not to put details of a report in a label).
/// </summary>
public sealed class DeskLabel
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The name folded for comparison (lower case), unique: "Online" and "online" are one label.</summary>
    public string NameKey { get; set; } = string.Empty;

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A label on a report.</summary>
public sealed class ReportLabel
{
    public Guid ReportId { get; set; }

    public Guid LabelId { get; set; }
}

internal sealed class DeskLabelConfiguration : IEntityTypeConfiguration<DeskLabel>
{
    public void Configure(EntityTypeBuilder<DeskLabel> b)
    {
        b.ToTable("DeskLabels");
        b.HasKey(l => l.Id);
        b.Property(l => l.Name).HasMaxLength(DeskLabels.MaxLength).IsRequired();
        b.Property(l => l.NameKey).HasMaxLength(DeskLabels.MaxLength).IsRequired();
        b.HasIndex(l => l.NameKey).IsUnique();
        b.HasOne<StaffUser>().WithMany().HasForeignKey(l => l.CreatedBy).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportLabelConfiguration : IEntityTypeConfiguration<ReportLabel>
{
    public void Configure(EntityTypeBuilder<ReportLabel> b)
    {
        b.ToTable("ReportLabels");
        b.HasKey(l => new { l.ReportId, l.LabelId });
        // The inbox's label filter walks this index (label, then its reports) instead of scanning the reports.
        b.HasIndex(l => new { l.LabelId, l.ReportId });
        b.HasOne<Report>().WithMany().HasForeignKey(l => l.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DeskLabel>().WithMany().HasForeignKey(l => l.LabelId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record LabelSummary(Guid Id, string Name, int Reports);

public enum LabelOutcome
{
    Done,

    /// <summary>The name is empty, too long, or has characters a label does not need (markup, controls).</summary>
    Invalid,
    Duplicate,
    TooMany,
    NotFound,
}

/// <summary>
/// This web node's copy of the label list, which every inbox view and report page shows (a round trip each, for a
/// list that changes a few times a year). Cleared by this node's own label edits; another node's edits show here
/// within <see cref="Lifetime"/>, and a label filter naming a label not in the copy reads the list afresh.
/// </summary>
public sealed class DeskLabelCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private sealed record Entry(IReadOnlyList<LabelSummary> Labels, DateTimeOffset Until, long Generation);

    private Entry? entry;
    private long generation;

    public IReadOnlyList<LabelSummary>? Get() =>
        Volatile.Read(ref entry) is { } e && e.Generation == Interlocked.Read(ref generation) && clock.GetUtcNow() < e.Until ? e.Labels : null;

    /// <summary>The generation to pass to <see cref="Set"/>: read before loading, so a list read during an edit is not kept.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public void Set(IReadOnlyList<LabelSummary> labels, long loadedAt) =>
        Volatile.Write(ref entry, new Entry(labels, clock.GetUtcNow() + Lifetime, loadedAt));

    public void Clear() => Interlocked.Increment(ref generation);
}

/// <summary>The desk's small list of labels and which reports carry them. Names are cleaned; ids are checked.</summary>
public sealed class DeskLabels(AppDbContext db, TimeProvider clock, DeskLabelCache cache)
{
    public const int MaxLength = 40;

    public const int MaxLabels = 100;

    // Words, digits, spaces and a few joiners; nothing that reads as markup or code.
    private const string Joiners = "-'’.&/+#()";

    /// <summary>The cleaned name (NFC, no controls, single spaces), or null when it cannot be a label.</summary>
    public static string? Clean(string? typed)
    {
        var text = TextInput.Clean(typed);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > MaxLength || !text.All(ch => char.IsLetterOrDigit(ch) || ch == ' ' || Joiners.Contains(ch, StringComparison.Ordinal)
                || CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
        {
            return null;
        }

        return text;
    }

    /// <summary>
    /// Every label; with how many reports carry each only when asked (the labels page, read afresh), not for the
    /// inbox and report pages (this node's copy, unless <paramref name="fresh"/>).
    /// </summary>
    public async Task<IReadOnlyList<LabelSummary>> ListAsync(bool withCounts, bool fresh = false, CancellationToken ct = default)
    {
        IReadOnlyList<LabelSummary> rows;
        if (withCounts)
        {
            rows = await db.Set<DeskLabel>().AsNoTracking()
                .Select(l => new LabelSummary(l.Id, l.Name, db.Set<ReportLabel>().Count(r => r.LabelId == l.Id)))
                .ToListAsync(ct);
        }
        else if (fresh || cache.Get() is not { } cached)
        {
            var generation = cache.Generation;
            rows = await db.Set<DeskLabel>().AsNoTracking().Select(l => new LabelSummary(l.Id, l.Name, 0)).ToListAsync(ct);
            cache.Set(rows, generation);
        }
        else
        {
            rows = cached;
        }

        // Sorted per request: the order depends on the visitor's language.
        return rows.OrderBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<(LabelOutcome Outcome, Guid? Id)> CreateAsync(string? typed, Guid actorId, CancellationToken ct = default)
    {
        if (Clean(typed) is not { } name)
        {
            return (LabelOutcome.Invalid, null);
        }

        var key = name.ToLowerInvariant();
        if (await db.Set<DeskLabel>().AnyAsync(l => l.NameKey == key, ct))
        {
            return (LabelOutcome.Duplicate, null);
        }

        if (await db.Set<DeskLabel>().CountAsync(ct) >= MaxLabels)
        {
            return (LabelOutcome.TooMany, null);
        }

        var label = new DeskLabel { Id = Guid.CreateVersion7(), Name = name, NameKey = key, CreatedBy = actorId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(label);
        try
        {
            await db.SaveChangesAsync(ct);
            cache.Clear();
            return (LabelOutcome.Done, label.Id);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (LabelOutcome.Duplicate, null);
        }
    }

    public async Task<LabelOutcome> RenameAsync(Guid id, string? typed, CancellationToken ct = default)
    {
        if (Clean(typed) is not { } name)
        {
            return LabelOutcome.Invalid;
        }

        var label = await db.Set<DeskLabel>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (label is null)
        {
            return LabelOutcome.NotFound;
        }

        var key = name.ToLowerInvariant();
        if (await db.Set<DeskLabel>().AnyAsync(l => l.NameKey == key && l.Id != id, ct))
        {
            return LabelOutcome.Duplicate;
        }

        label.Name = name;
        label.NameKey = key;
        try
        {
            await db.SaveChangesAsync(ct);
            cache.Clear();
            return LabelOutcome.Done;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return LabelOutcome.Duplicate;
        }
    }

    /// <summary>Deletes the label and takes it off every report.</summary>
    public async Task<LabelOutcome> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ReportLabel>().Where(l => l.LabelId == id).ExecuteDeleteAsync(ct);
        var deleted = await db.Set<DeskLabel>().Where(l => l.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        cache.Clear();
        return deleted == 1 ? LabelOutcome.Done : LabelOutcome.NotFound;
    }

    public async Task<IReadOnlyList<LabelSummary>> OfReportAsync(Guid reportId, CancellationToken ct = default)
    {
        var rows = await db.Set<ReportLabel>().AsNoTracking().Where(r => r.ReportId == reportId)
            .Join(db.Set<DeskLabel>(), r => r.LabelId, l => l.Id, (r, l) => new LabelSummary(l.Id, l.Name, 0))
            .ToListAsync(ct);
        return rows.OrderBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Puts a label on a report (again is fine). NotFound when the label or the report does not exist.</summary>
    public async Task<LabelOutcome> AddToReportAsync(Guid reportId, Guid labelId, CancellationToken ct = default)
    {
        if (!await db.Set<DeskLabel>().AnyAsync(l => l.Id == labelId, ct) || !await db.Set<Report>().AnyAsync(r => r.Id == reportId, ct))
        {
            return LabelOutcome.NotFound;
        }

        if (await db.Set<ReportLabel>().AnyAsync(l => l.ReportId == reportId && l.LabelId == labelId, ct))
        {
            return LabelOutcome.Done;
        }

        db.Add(new ReportLabel { ReportId = reportId, LabelId = labelId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Put on at the same moment by a colleague, or the label was just deleted.
            db.ChangeTracker.Clear();
            return await db.Set<ReportLabel>().AnyAsync(l => l.ReportId == reportId && l.LabelId == labelId, ct) ? LabelOutcome.Done : LabelOutcome.NotFound;
        }

        return LabelOutcome.Done;
    }

    public async Task<LabelOutcome> RemoveFromReportAsync(Guid reportId, Guid labelId, CancellationToken ct = default) =>
        await db.Set<ReportLabel>().Where(l => l.ReportId == reportId && l.LabelId == labelId).ExecuteDeleteAsync(ct) == 1
            ? LabelOutcome.Done
            : LabelOutcome.NotFound;
}
