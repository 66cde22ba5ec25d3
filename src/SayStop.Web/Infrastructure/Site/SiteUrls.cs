namespace SayStop.Web.Infrastructure.Site;

/// <summary>
/// Absolute URLs for emails, feeds, sitemaps and OpenGraph: always the configured <c>Site:PublicBaseUrl</c>. It is
/// required outside Development (the site refuses to start without it): built from the request, a forged
/// <c>Host</c> header would put an attacker's address into the sign-in links the site emails. Only Development
/// falls back to the request's own address (or, without a request, the server's first listening address).
/// </summary>
public static class SiteUrls
{
    public const string Setting = "Site:PublicBaseUrl";

    public const string MissingMessage =
        "Site:PublicBaseUrl must be set to the site's public address (for example https://saystop.example, or the " +
        "environment variable Site__PublicBaseUrl): every link in the emails the site sends is built from it, never " +
        "from a request's Host header. Only the Development environment may leave it empty.";

    public static string Base(HttpContext ctx)
    {
        var services = ctx.RequestServices;
        return Configured(services.GetRequiredService<IConfiguration>())
            ?? (services.GetRequiredService<IHostEnvironment>().IsDevelopment()
                ? $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}"
                : throw new InvalidOperationException(MissingMessage));
    }

    /// <summary>For work without a request (jobs, invitations sent from a page that has no business with the host).</summary>
    public static string Base(IServiceProvider services)
    {
        if (Configured(services.GetRequiredService<IConfiguration>()) is { } configured)
        {
            return configured;
        }

        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException(MissingMessage);
        }

        var addresses = services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        return (addresses?.FirstOrDefault() ?? "http://localhost:5000").TrimEnd('/');
    }

    /// <summary>Fails the start (with <see cref="MissingMessage"/>) outside Development when the setting is missing or not an http(s) address.</summary>
    public static IServiceCollection AddPublicBaseUrlCheck(this IServiceCollection services)
    {
        services.AddOptions<PublicBaseUrlOptions>()
            .Configure<IConfiguration>((o, c) => o.Value = c[Setting])
            .Validate<IHostEnvironment>((o, env) => string.IsNullOrWhiteSpace(o.Value) ? env.IsDevelopment() : IsUsable(o.Value), MissingMessage)
            .ValidateOnStart();
        return services;
    }

    private static string? Configured(IConfiguration configuration) =>
        configuration[Setting] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim().TrimEnd('/') : null;

    private static bool IsUsable(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);

    public sealed class PublicBaseUrlOptions
    {
        public string? Value { get; set; }
    }
}
