using SayStop.Sealing;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// Argon2id costs for receipts and handler keys. Production uses <see cref="Argon2idCost.Receipt"/> for receipts and
/// <see cref="Argon2idCost.Interactive"/> for handler keys (passwords are weaker secrets than receipts);
/// tests may set <c>Reports:ReceiptCost:MemoryKiB</c> (and <c>:Iterations</c>, and the same under
/// <c>Reports:KeyCost</c>) to a cheap cost. Each blob stores its cost, so changing it never breaks old ones.
/// </summary>
public sealed class ReportsOptions
{
    public Argon2idCost ReceiptCost { get; init; } = Argon2idCost.Receipt;

    public Argon2idCost KeyCost { get; init; } = Argon2idCost.Interactive;

    /// <summary>Receipt checks per minute across the whole site: slows guessing without knowing who asks.</summary>
    public int FollowUpPermitsPerMinute { get; init; } = 60;

    /// <summary>Checks of one receipt (by its public locator) per hour, right or wrong.</summary>
    public int FollowUpPermitsPerReceiptPerHour { get; init; } = 10;

    /// <summary>Reports sent per minute across the whole site.</summary>
    public int SubmissionsPerMinute { get; init; } = 30;

    public static ReportsOptions From(IConfiguration configuration) => new()
    {
        ReceiptCost = Cost(configuration.GetSection("Reports:ReceiptCost"), Argon2idCost.Receipt),
        KeyCost = Cost(configuration.GetSection("Reports:KeyCost"), Argon2idCost.Interactive),
        FollowUpPermitsPerMinute = configuration.GetValue("Reports:FollowUpPermitsPerMinute", 60),
        FollowUpPermitsPerReceiptPerHour = configuration.GetValue("Reports:FollowUpPermitsPerReceiptPerHour", 10),
        SubmissionsPerMinute = configuration.GetValue("Reports:SubmissionsPerMinute", 30),
    };

    private static Argon2idCost Cost(IConfigurationSection section, Argon2idCost fallback) => new(
        section.GetValue("MemoryKiB", fallback.MemoryKiB),
        section.GetValue("Iterations", fallback.Iterations));
}
