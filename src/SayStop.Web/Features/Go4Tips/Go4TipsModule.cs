using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Go4Tips: free spaced-repetition cards (decks, study, quiz, progress) at /{culture}/go4tips. No account: a
/// pseudonymous learner cookie; scheduling by SayStop.Fsrs. Trainers' group pages live under /go4tips/manage.
/// </summary>
public static class Go4TipsModule
{
    public static IServiceCollection AddGo4Tips(this IServiceCollection services)
    {
        services.AddSitemapPages("/go4tips");
        services.AddSingleton<AnswerTokens>();
        services.AddSingleton<QuizStates>();
        services.AddScoped<LearnerProfile>();
        services.AddScoped<StudySession>();
        services.AddSingleton<PublishedContent>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, PublishedContent.ChangeWatcher>();
        services.AddScoped<ReviewRecorder>();
        services.AddScoped<GroupRetention>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<IScheduledJob, DueCardsReminderJob>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/Go4Tips/Manage", StaffPolicies.Trainer));
        services.AddHostedService<DeckSeeder>();

        // --- Offline app (manifest, service worker, deck JSON, sync) and the nightly per-deck parameter fit ---
        services.AddScoped<DeckSchedulers>();
        services.AddScoped<OfflineSync>();
        services.AddOptions<Go4TipsFitOptions>().BindConfiguration("Go4Tips:Fit");
        services.AddSingleton<IScheduledJob>(_ => new DeckParameterFitJob());
        services.AddGo4TipsAuthoring();
        return services;
    }

    /// <summary>
    /// Authoring (Go4Tips/Authoring, /go4tips/manage/decks…: decks, cards, translations, CSV) for Trainers and
    /// Editors, and the optional sign-in of learners by an emailed link (LearnerAccounts).
    /// </summary>
    private static IServiceCollection AddGo4TipsAuthoring(this IServiceCollection services)
    {
        services.AddScoped<DeckCsv>();
        services.AddScoped<LearnerAccounts>();
        services.AddSingleton<SignInThrottle>();
        services.AddAuthorizationBuilder().AddPolicy(Go4TipsPolicies.Authoring, p =>
            p.RequireAuthenticatedUser().RequireClaim("amr", "mfa").RequireRole(StaffRoles.Trainer, StaffRoles.Editor));
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/Go4Tips/Authoring", Go4TipsPolicies.Authoring));
        return services;
    }
}

/// <summary>Go4Tips' own staff policy: either role may write cards (like every staff policy, it demands the second factor).</summary>
public static class Go4TipsPolicies
{
    public const string Authoring = "Go4TipsAuthoring";
}

/// <summary>
/// Loads the decks into an empty database when the site starts. The cards are the product, not demo content, so
/// this runs whatever Site:SeedDemoContent says. Hosted services start before the server listens, and after
/// Program.cs has applied the migrations.
/// </summary>
internal sealed class DeckSeeder(IServiceScopeFactory scopes, ILogger<DeckSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            await DeckContent.SeedAsync(db, scope.ServiceProvider.GetRequiredService<Texts>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another web node seeded the same decks at the same moment (unique deck keys): theirs stand.
            logger.LogInformation(e, "Go4Tips decks were seeded by another node.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
