using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// Receipt checks. Each client (<see cref="ClientPartitions"/>: an in-memory key, never an address) has its own small
/// budget per minute, so a flood from one client only exhausts its own. Each locator slows down after a few wrong
/// secrets (a delay that doubles, capped), whether or not a report has that locator, so that neither the delay nor
/// the page tells a guesser which locators exist; the holder with the right secret always gets in, at worst after
/// the cap. Nothing here is stored: a restart forgets it, and on several nodes each node counts for itself.
/// </summary>
public sealed class FollowUpThrottle(ReportsOptions options, TimeProvider clock) : IDisposable
{
    /// <summary>Locators remembered at most; beyond, new ones are not slowed (known or unknown alike).</summary>
    public const int MaxTrackedLocators = 100_000;

    /// <summary>A locator with no wrong secret for this long is forgotten.</summary>
    public static readonly TimeSpan Forget = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _perClient =
        ClientPartitions.Budget(options.FollowUpPermitsPerClientPerMinute, TimeSpan.FromMinutes(1));

    private readonly ConcurrentDictionary<string, LocatorFailures> _locators = new(StringComparer.Ordinal);

    private long _lastPrune;

    /// <summary>False when this client has used its checks for now.</summary>
    public bool TryEnter(string client)
    {
        using var lease = _perClient.AttemptAcquire(client);
        return lease.IsAcquired;
    }

    /// <summary>How long a check of <paramref name="locator"/> waits now, at most <see cref="ReportsOptions.LocatorMaxDelay"/>.</summary>
    public TimeSpan DelayFor(string locator)
    {
        if (!_locators.TryGetValue(locator, out var f))
        {
            return TimeSpan.Zero;
        }

        var wait = f.NotBefore - clock.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > options.LocatorMaxDelay ? options.LocatorMaxDelay : wait;
    }

    /// <summary>Wrong secrets (or unknown-locator checks) remembered for <paramref name="locator"/>.</summary>
    public int WrongSecrets(string locator)
    {
        if (!_locators.TryGetValue(locator, out var f))
        {
            return 0;
        }

        lock (f)
        {
            return f.Count;
        }
    }

    /// <summary>Waits the locator's current delay before its check (before, so closing the connection early saves nothing).</summary>
    public Task WaitForAsync(string locator, CancellationToken ct)
    {
        var delay = DelayFor(locator);
        return delay > TimeSpan.Zero ? Task.Delay(delay, clock, ct) : Task.CompletedTask;
    }

    /// <summary>A check of <paramref name="locator"/> did not open a report (wrong secret or no such report).</summary>
    public void RecordWrong(string locator)
    {
        var now = clock.GetUtcNow();
        Prune(now);
        if (_locators.Count >= MaxTrackedLocators && !_locators.ContainsKey(locator))
        {
            return;
        }

        var f = _locators.GetOrAdd(locator, _ => new LocatorFailures());
        lock (f)
        {
            f.Count++;
            f.LastWrong = now;
            var beyond = f.Count - options.LocatorFreeFailures;
            if (beyond > 0)
            {
                var delay = options.LocatorFirstDelay * Math.Pow(2, Math.Min(beyond - 1, 30));
                f.NotBefore = now + (delay > options.LocatorMaxDelay ? options.LocatorMaxDelay : delay);
            }
        }
    }

    public void Dispose() => _perClient.Dispose();

    private void Prune(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastPrune);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastPrune, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (locator, f) in _locators)
        {
            if (now - f.LastWrong > Forget)
            {
                _locators.TryRemove(locator, out _);
            }
        }
    }

    private sealed class LocatorFailures
    {
        public int Count { get; set; }

        public DateTimeOffset LastWrong { get; set; }

        public DateTimeOffset NotBefore { get; set; }
    }
}

/// <summary>
/// Reports sent: a budget per client (in memory, never an address), and a site-wide budget per minute as the last
/// resort against many clients at once, which one client's budget is too small to exhaust.
/// </summary>
public sealed class SubmissionThrottle(ReportsOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient =
        ClientPartitions.Budget(options.SubmissionsPerClientPerHour, TimeSpan.FromHours(1));

    private readonly TokenBucketRateLimiter _site = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, options.SubmissionsPerMinute),
        TokensPerPeriod = Math.Max(1, options.SubmissionsPerMinute),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public bool TryEnter(string client)
    {
        using var own = _perClient.AttemptAcquire(client);
        if (!own.IsAcquired)
        {
            return false;
        }

        using var site = _site.AttemptAcquire();
        return site.IsAcquired;
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _site.Dispose();
    }
}
