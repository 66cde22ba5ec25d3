using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.ResponseCompression;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Files;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Infrastructure;

/// <summary>The page shell every feature shares: Razor Pages under Features/, languages, headers, errors, caching.</summary>
public static class SiteModule
{
    public static IServiceCollection AddSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddCultureRouting();
        services.AddMemoryCache();
        services.AddSingleton<OrganisationProfiles>();
        services.AddSingleton(sp => AuditKeyRing.Load(configuration, sp.GetRequiredService<ILoggerFactory>().CreateLogger<AuditKeyRing>()));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddHostedService<AuditKeyCheck>();
        services.AddSingleton<ClientPartitions>();
        services.AddPublicFiles();
        services.AddSitemapPages("", "/privacy");

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.Add(new CulturePrefixConvention());
                o.Conventions.AuthorizeFolder("/Admin", Features.Account.StaffPolicies.Administrator);
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                var texts = () => ServiceLocatorTexts.Instance;
                var m = o.ModelBindingMessageProvider;
                m.SetValueIsInvalidAccessor(v => texts()["Validation.Invalid"]);
                m.SetAttemptedValueIsInvalidAccessor((v, f) => texts()["Validation.Invalid"]);
                m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => texts()["Validation.Invalid"]);
                m.SetUnknownValueIsInvalidAccessor(f => texts()["Validation.Invalid"]);
                m.SetNonPropertyUnknownValueIsInvalidAccessor(() => texts()["Validation.Invalid"]);
                m.SetValueMustNotBeNullAccessor(f => texts()["Validation.Required"]);
                m.SetMissingBindRequiredValueAccessor(f => texts()["Validation.Required"]);
                m.SetMissingKeyOrValueAccessor(() => texts()["Validation.Required"]);
                m.SetValueMustBeANumberAccessor(f => texts()["Validation.Number"]);
                m.SetNonPropertyValueMustBeANumberAccessor(() => texts()["Validation.Number"]);
                m.SetMissingRequestBodyRequiredValueAccessor(() => texts()["Validation.Required"]);
            })
            .AddDataAnnotationsLocalization();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "saystop.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });

        // French and Dutch letters go out as themselves, not as &#xE7; entities (lighter pages, readable source).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/rss+xml", "application/atom+xml", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);

        // Keys live in the database so any node can read another node's cookies and protected fields. With a
        // certificate (every node the same one, docs/OPERATIONS.md) the key ring is encrypted at rest, so a database
        // dump alone does not unwrap a captured cookie; without one, the framework warns at the first key.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("SayStop")
            .PersistKeysToDbContext<AppDbContext>();
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader
                .LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]));
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only when an operator says a proxy is in front (docs/OPERATIONS.md). The scheme tells us when to send
            // HSTS; the client address (the proxy's last X-Forwarded-For entry, ForwardLimit 1) only names an
            // in-memory rate-limit partition (ClientPartitions), never stored or logged.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedFor;
            o.ForwardLimit = 1;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });

        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = 12 * 1024 * 1024;
            o.ValueLengthLimit = 256 * 1024;
            o.ValueCountLimit = 200;
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = 60 * 1024 * 1024;
        });
        return services;
    }

    public static WebApplication UseSite(this WebApplication app)
    {
        ServiceLocatorTexts.Instance = app.Services.GetRequiredService<Texts>();
        if (app.Configuration.GetValue("Site:BehindProxy", false))
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                // Fingerprinted assets (?v=hash from asp-append-version) never change under the same URL.
                ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Query.ContainsKey("v")
                    ? "public, max-age=31536000, immutable"
                    : "public, max-age=3600";
            },
        });
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After routing (it reads the page's limits) and before the page, whose antiforgery check would read the form.
        app.UseMiddleware<Files.StreamedFormMiddleware>();
        app.UseOutputCache();
        return app;
    }

    public static WebApplication MapSite(this WebApplication app)
    {
        app.MapLanguageRedirect();
        app.MapPublicFiles();
        app.MapRazorPages();
        // The sitemap's address must be absolute (robots.txt has no base URL to resolve it against).
        app.MapGet("/robots.txt", (HttpContext ctx) => Results.Text(
            "User-agent: *\nDisallow: /fr/account/\nDisallow: /nl/account/\nDisallow: /en/account/\n"
            + $"Sitemap: {SiteUrls.Base(ctx)}/sitemap.xml\n"));
        // Each module adds its own pages (ISitemapSource). Not cached: a few small queries, asked for by crawlers only,
        // and a post appears in it the moment it is published.
        app.MapGet("/sitemap.xml", (IEnumerable<ISitemapSource> sources, HttpContext ctx, CancellationToken ct) =>
            Sitemap.WriteAsync(sources, ctx, ct));
        return app;
    }
}

/// <summary>
/// MVC's binding messages are configured once at start-up with plain delegates, before a service scope
/// exists; they read the catalogue through this holder and pick the language of the current request.
/// </summary>
internal static class ServiceLocatorTexts
{
    public static Texts Instance { get; set; } = null!;
}
