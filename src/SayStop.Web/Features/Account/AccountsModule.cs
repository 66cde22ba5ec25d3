using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

public static class AccountsModule
{
    /// <summary>Identity's table layout; version 3 has the passkeys table. Migrations are generated with it too.</summary>
    public static readonly Version IdentitySchema = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Staff accounts on ASP.NET Core Identity: 12+ character passwords hashed with Argon2id, growing waits instead
    /// of a lockout at the password step, lockout after five failed second factors, a second factor on every
    /// account, and policies that demand it.
    /// </summary>
    public static IServiceCollection AddStaffAccounts(this IServiceCollection services)
    {
        services.AddIdentity<StaffUser, IdentityRole<Guid>>(o =>
            {
                // Length matters, composition rules do not (NIST SP 800-63B); the cap stops hashing abuse.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                // Counted at the second factor only (codes, recovery codes, passkeys): the password step never
                // locks an account, or any stranger who knows a handler's email could keep them out of the desk.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                // Version 3 adds the passkeys table (AspNetUserPasskeys).
                o.Stores.SchemaVersion = IdentitySchema;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<StaffSessionValidator.ClaimsFactory>()
            .AddSignInManager<StaffSignInManager>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider under the same name: one step either side, each step once.
            .AddTokenProvider<StaffAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // Argon2id at the key-wrapping cost instead of Identity's PBKDF2 (the password also unlocks the handler's key).
        services.AddSingleton<StaffPasswordHasher>();
        services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<StaffUser>>(sp => sp.GetRequiredService<StaffPasswordHasher>()));
        services.AddSingleton<SignInDelays>();
        // Invitation and sign-in links are emailed: their address must come from configuration, never from a request.
        Infrastructure.Site.SiteUrls.AddPublicBaseUrlCheck(services);
        services.AddScoped<PasswordChangeLimit>();

        // "Sign out everywhere", disabling and role changes take effect at the next request (one query each).
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, StaffSessionValidator>());

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "saystop.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx =>
            {
                var culture = PathCultureProvider.FromPath(ctx.Request.Path) ?? Cultures.Default;
                var returnUrl = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
                ctx.Response.Redirect($"/{culture}/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
                return Task.CompletedTask;
            };
            // A signed-in person without the role gets a plain 403 page, not a redirect loop.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "saystop.2fa";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.AnyStaff, p => p.RequireAuthenticatedUser().RequireClaim("amr", "mfa"))
            .AddPolicy(StaffPolicies.Administrator, p => StaffRole(p, StaffRoles.Administrator))
            .AddPolicy(StaffPolicies.Editor, p => StaffRole(p, StaffRoles.Editor))
            .AddPolicy(StaffPolicies.CaseHandler, p => StaffRole(p, StaffRoles.CaseHandler))
            .AddPolicy(StaffPolicies.Trainer, p => StaffRole(p, StaffRoles.Trainer))
            .AddPolicy(StaffPolicies.Finance, p => StaffRole(p, StaffRoles.Finance));

        // A passkey is a second factor here, after the password: the password is what unlocks a case handler's
        // key pair, so it is never skipped. The authenticator must verify its user (PIN or biometrics).
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "preferred";
            // The answer must come from this very site, never from a frame of another one. Browsers only run
            // WebAuthn on HTTPS or on localhost, so comparing with the request's own origin is enough, and it
            // lets development and the browser tests (http://localhost) work like production.
            o.ValidateOrigin = ctx => ValueTask.FromResult(!ctx.CrossOrigin && string.Equals(
                ctx.Origin, $"{ctx.HttpContext.Request.Scheme}://{ctx.HttpContext.Request.Host}", StringComparison.OrdinalIgnoreCase));
        });
        services.AddScoped<Passkeys>();
        services.AddScoped<StaffInvitations>();
        services.AddHostedService<FirstAdministratorSetup>();
        // The Admin pages have no module of their own; their daily audit checkpoint email is registered with the accounts.
        services.AddSingleton<Infrastructure.Jobs.IScheduledJob, Admin.Audit.AuditCheckpointJob>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/Account/Manage", StaffPolicies.AnyStaff));
        return services;
    }

    private static void StaffRole(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p, string role) =>
        p.RequireAuthenticatedUser().RequireClaim("amr", "mfa").RequireRole(role);
}
