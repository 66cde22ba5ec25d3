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
        services.AddSingleton(new FollowUpThrottle(options.FollowUpPermitsPerMinute, options.FollowUpPermitsPerReceiptPerHour));
        services.AddSingleton(new SubmissionThrottle(options.SubmissionsPerMinute));
        services.AddSingleton<ReportDrafts>();
        services.AddScoped<RecipientKeys>();
        services.AddScoped<ReportIntake>();
        services.AddScoped<ReportFollowUp>();
        services.AddSingleton<IntakeReadiness>();
        services.AddSingleton<IntakeOpenFilter>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<DamagedSealFilter>());
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AddPageApplicationModelConvention("/Reports/Form",
                m => m.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(IntakeOpenFilter)))));
        return services;
    }

    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app) => app;
}

/// <summary>
/// Receipt checks: one site-wide budget per minute, and a smaller one per receipt locator per hour, so that
/// hammering one report's secret stops long before it could matter. It knows nothing about who asks (no
/// address is kept); with the Argon2id cost of each check it makes guessing an 80-bit secret hopeless.
/// Budgets live in each node's memory: on several nodes each has its own, which only multiplies a tiny number.
/// </summary>
public sealed class FollowUpThrottle(int permitsPerMinute, int permitsPerReceiptPerHour) : IDisposable
{
    private readonly TokenBucketRateLimiter _site = SiteBudget.PerMinute(permitsPerMinute);

    private readonly PartitionedRateLimiter<string> _perLocator = PartitionedRateLimiter.Create<string, string>(locator =>
        RateLimitPartition.GetFixedWindowLimiter(locator, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permitsPerReceiptPerHour),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>False when the site is busy or this receipt's locator was tried too often this hour.</summary>
    public bool TryEnter(string? receiptText = null)
    {
        if (SayStop.Sealing.Receipt.TryParse(receiptText, out var receipt))
        {
            using var perLocator = _perLocator.AttemptAcquire(receipt.Locator);
            if (!perLocator.IsAcquired)
            {
                return false;
            }
        }

        using var lease = _site.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _site.Dispose();
        _perLocator.Dispose();
    }
}

/// <summary>A site-wide budget of reports sent per minute: a flood of scripted submissions waits, people rarely notice.</summary>
public sealed class SubmissionThrottle(int permitsPerMinute) : IDisposable
{
    private readonly TokenBucketRateLimiter _site = SiteBudget.PerMinute(permitsPerMinute);

    public bool TryEnter()
    {
        using var lease = _site.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _site.Dispose();
}

internal static class SiteBudget
{
    public static TokenBucketRateLimiter PerMinute(int permits) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, permits),
        TokensPerPeriod = Math.Max(1, permits),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
