using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Slows password guessing on one staff account without ever locking its owner out: after a few failed passwords
/// for the same typed email, each further attempt waits before its password is checked, twice as long each time up
/// to a ceiling, until a quarter of an hour passes without a failure. The key is the typed email, so an address
/// without an account is slowed exactly like a real one and the wait tells nothing. The wait comes before the
/// check, right or wrong, so the owner signs in after at most the ceiling; the second factor stays the barrier
/// against a guessed password. Held in memory, per node: a restart or a second node starts afresh.
/// </summary>
public sealed class SignInDelays(TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Failures forgotten after this long without another one.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Bounds the memory a flood of made-up addresses can take; the oldest entries go first.</summary>
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _failures = new(StringComparer.Ordinal);

    /// <summary>Failures that cost nothing, so a mistyped password or two is not slowed.</summary>
    public int FreeFailures { get; } = configuration.GetValue("Account:SignInDelay:FreeFailures", 3);

    /// <summary>The first wait; tests shrink it so that their many failures stay quick.</summary>
    public TimeSpan FirstDelay { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Account:SignInDelay:FirstMilliseconds", 1000));

    public TimeSpan MaxDelay { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Account:SignInDelay:MaxMilliseconds", 10_000));

    /// <summary>The wait for an attempt after <paramref name="failures"/> recent failures.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var extra = failures - FreeFailures;
        if (extra <= 0)
        {
            return TimeSpan.Zero;
        }

        var ticks = FirstDelay.Ticks * Math.Pow(2, Math.Min(extra - 1, 30));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Recent failures for this typed email (0 when none or forgotten).</summary>
    public int FailuresFor(string email)
    {
        var now = clock.GetUtcNow();
        return _failures.TryGetValue(Key(email), out var e) && now - e.Last < Window ? e.Count : 0;
    }

    /// <summary>Waits as long as this email's recent failures say, before its password is checked.</summary>
    public Task WaitAsync(string email, CancellationToken ct)
    {
        var delay = DelayAfter(FailuresFor(email));
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, clock, ct);
    }

    public void Failed(string email)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxEntries)
        {
            var evict = _failures.Where(p => now - p.Value.Last >= Window || p.Value.Count <= FreeFailures).Take(MaxEntries / 10).ToList();
            // Under a flood every entry may be recent: the oldest tenth goes then, which only shortens their waits.
            foreach (var stale in evict.Count > 0 ? evict : [.. _failures.OrderBy(p => p.Value.Last).Take(MaxEntries / 10)])
            {
                _failures.TryRemove(stale.Key, out _);
            }
        }

        _failures.AddOrUpdate(Key(email), _ => new Entry(1, now), (_, e) => now - e.Last < Window ? new Entry(e.Count + 1, now) : new Entry(1, now));
    }

    /// <summary>The right password: the owner is back, their next attempts are not slowed.</summary>
    public void Succeeded(string email) => _failures.TryRemove(Key(email), out _);

    // A hash rather than the address itself: the table lists no one's email.
    private static string Key(string email) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));

    private sealed record Entry(int Count, DateTimeOffset Last);
}
