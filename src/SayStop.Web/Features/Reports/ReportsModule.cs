using System.Threading.RateLimiting;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Reports;

public static class ReportsModule
{
    /// <summary>
    /// Reports: the public form (answers carried in a protected field between steps), sealed intake, the
    /// receipt follow-up, and the recipient keys reports are sealed to.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReportsOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<Argon2Gate>();
        services.AddSingleton(new FollowUpThrottle(options.FollowUpPermitsPerMinute));
        services.AddSingleton<ReportDrafts>();
        services.AddScoped<RecipientKeys>();
        services.AddScoped<ReportIntake>();
        services.AddScoped<ReportFollowUp>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app) => app;
}

/// <summary>
/// One site-wide budget of receipt checks per minute. It knows nothing about who asks (no address is kept);
/// with the Argon2id cost of each check it makes guessing an 80-bit secret hopeless.
/// </summary>
public sealed class FollowUpThrottle(int permitsPerMinute) : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, permitsPerMinute),
        TokensPerPeriod = Math.Max(1, permitsPerMinute),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public bool TryEnter()
    {
        using var lease = _limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
