namespace SayStop.Web.Infrastructure.Security;

/// <summary>
/// Headers on every response. The policy allows nothing from another host: a reporter's browser must never
/// tell a third party that it visited us (DESIGN.md, promise 2). Inline scripts and styles are refused too,
/// so an injected script cannot run even if some markup slipped through.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), " +
        "geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), " +
        "interest-cohort=(), browsing-topics=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h["Referrer-Policy"] = "no-referrer";
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Permissions-Policy"] = PermissionsPolicy;
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Cross-Origin-Resource-Policy"] = "same-origin";
                if (context.Request.IsHttps)
                {
                    h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }

                // Kestrel announces itself by default; nothing to gain from telling.
                h.Remove("Server");
                return Task.CompletedTask;
            });
            await next();
        });
}
