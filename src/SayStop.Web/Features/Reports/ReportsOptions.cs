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

    /// <summary>
    /// Reports sent per minute across the whole site: a last resort against a flood from many clients at once. One
    /// client alone cannot exhaust it: its own budget (<see cref="SubmissionsPerClientPerHour"/>) is smaller.
    /// </summary>
    public int SubmissionsPerMinute { get; init; } = 30;

    /// <summary>Reports one client (one address, one /64 for IPv6) may send per hour, counted in memory only.</summary>
    public int SubmissionsPerClientPerHour { get; init; } = 10;

    /// <summary>Receipt checks one client may make per minute (and at once), counted in memory only.</summary>
    public int FollowUpPermitsPerClientPerMinute { get; init; } = 10;

    /// <summary>Leading zero bits the send step's proof of work needs (about 2^N SHA-256 in the reporter's browser).</summary>
    public int SendChallengeDifficulty { get; init; } = 16;

    /// <summary>Without a proof of work (no JavaScript), how long after the review page appeared a send is accepted.</summary>
    public TimeSpan NoScriptWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wrong secrets on one locator before checks of it slow down.</summary>
    public int LocatorFreeFailures { get; init; } = 3;

    /// <summary>The first slow-down after the free failures; it doubles with each further wrong secret.</summary>
    public TimeSpan LocatorFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a check of one locator waits, however often it was tried: the holder always gets in.</summary>
    public TimeSpan LocatorMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static ReportsOptions From(IConfiguration configuration) => new()
    {
        ReceiptCost = Cost(configuration.GetSection("Reports:ReceiptCost"), Argon2idCost.Receipt),
        KeyCost = Cost(configuration.GetSection("Reports:KeyCost"), Argon2idCost.Interactive),
        SubmissionsPerMinute = configuration.GetValue("Reports:SubmissionsPerMinute", 30),
        SubmissionsPerClientPerHour = configuration.GetValue("Reports:SubmissionsPerClientPerHour", 10),
        FollowUpPermitsPerClientPerMinute = configuration.GetValue("Reports:FollowUpPermitsPerClientPerMinute", 10),
        SendChallengeDifficulty = Math.Clamp(configuration.GetValue("Reports:SendChallenge:Difficulty", 16), 0, 32),
        NoScriptWait = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Reports:SendChallenge:NoScriptWaitSeconds", 5.0))),
        LocatorFreeFailures = configuration.GetValue("Reports:LocatorSlowdown:FreeFailures", 3),
        LocatorFirstDelay = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Reports:LocatorSlowdown:FirstDelayMilliseconds", 1000))),
        LocatorMaxDelay = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Reports:LocatorSlowdown:MaxDelayMilliseconds", 30_000))),
    };

    private static Argon2idCost Cost(IConfigurationSection section, Argon2idCost fallback) => new(
        section.GetValue("MemoryKiB", fallback.MemoryKiB),
        section.GetValue("Iterations", fallback.Iterations));
}
