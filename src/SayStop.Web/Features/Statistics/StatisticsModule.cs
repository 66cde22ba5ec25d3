using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Statistics;

/// <summary>Settings of the public statistics page (section <c>Statistics</c>).</summary>
public sealed class StatisticsOptions
{
    /// <summary>A count below this shows as "fewer than N", so no single report can be singled out.</summary>
    public int MinimumShown { get; init; } = 5;

    public static StatisticsOptions From(IConfiguration configuration) => new()
    {
        MinimumShown = Math.Clamp(configuration.GetValue("Statistics:MinimumShown", 5), 2, 1000),
    };
}

public static class StatisticsModule
{
    /// <summary>The public statistics page: aggregate counts of reports being handled and completed, small counts hidden.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(StatisticsOptions.From(configuration));
        services.AddScoped<PublicStatistics>();
        services.AddSitemapPages("/statistics");
        return services;
    }
}
