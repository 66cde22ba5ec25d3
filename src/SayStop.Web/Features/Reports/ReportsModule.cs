using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Site;

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
        services.AddSitemapPages("/report", "/report/signs", "/report/after");
        services.AddSingleton<Argon2Gate>();
        services.AddSingleton<FollowUpThrottle>();
        services.AddSingleton<SubmissionThrottle>();
        services.AddSingleton<SendChallenges>();
        services.AddScoped<ReportSendGate>();
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

