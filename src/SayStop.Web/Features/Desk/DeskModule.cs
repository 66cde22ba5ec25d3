using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Features.Desk;

public static class DeskModule
{
    /// <summary>
    /// The case handlers' desk: desk sessions that keep an unlocked key usable across web nodes, the inbox, the
    /// report page, grants and revocation, deadline reminders, deletion after the retention delay. Every page under /Desk needs the case-handler role
    /// (and so the second factor).
    /// </summary>
    public static IServiceCollection AddDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DeskOptions.From(configuration));
        services.AddScoped<DeskSessions>();
        services.AddScoped<DeskInbox>();
        services.AddScoped<CaseFile>();
        services.AddScoped<HandlerAccess>();
        services.AddScoped<ReportDeletion>();
        services.AddScoped<DeskIndex>();
        services.AddScoped<DeskLabels>();
        services.AddSingleton<DeskLabelCache>();
        services.AddScoped<Forwarding.Forwards>();
        services.AddSingleton<Forwarding.DossierSigning>();
        services.AddScoped<Admin.Authorities.DirectoryNotice>();
        services.AddHostedService<Forwarding.DossierSigningCheck>();
        services.AddSingleton<IScheduledJob, DeskHousekeepingJob>();
        services.AddSingleton<IScheduledJob, DeskDeadlineReminderJob>();
        services.AddSingleton<IScheduledJob, ReportDeletionJob>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/Desk", StaffPolicies.CaseHandler));
        return services;
    }

    public static IEndpointRouteBuilder MapDeskEndpoints(this IEndpointRouteBuilder app) => app;
}
