using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace SayStop.Web.Infrastructure.Localization;

/// <summary>Only the three site languages match <c>{culture:culture}</c>; <c>/xx/news</c> is a plain 404.</summary>
public sealed class CultureRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values,
        RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var v) && Cultures.IsSupported(v as string);
}

/// <summary>
/// Prefixes every Razor page's route with <c>{culture}</c>, so <c>Features/News/Index.cshtml</c> answers
/// at <c>/fr/news</c>, <c>/nl/news</c> and <c>/en/news</c>. Pages under <c>/Errors</c> keep their bare
/// route because the status-code re-execution must reach them whatever path failed.
/// </summary>
public sealed class CulturePrefixConvention : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        if (model.ViewEnginePath.StartsWith("/Errors/", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template ?? string.Empty;
            selector.AttributeRouteModel = new AttributeRouteModel
            {
                Template = AttributeRouteModel.CombineTemplates("{culture:culture}", template),
                Order = selector.AttributeRouteModel?.Order,
                Name = selector.AttributeRouteModel?.Name,
                SuppressLinkGeneration = selector.AttributeRouteModel?.SuppressLinkGeneration ?? false,
                SuppressPathMatching = selector.AttributeRouteModel?.SuppressPathMatching ?? false,
            };
        }
    }
}

/// <summary>
/// Takes the language from the first path segment (<c>/nl/…</c>), so it is known even before routing
/// and on error pages re-executed for a failed path; falls back to the browser's language.
/// </summary>
public sealed class PathCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        // On a re-executed error page the language is the one of the page that failed.
        var original = httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
                       ?? httpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        var culture = FromPath(original ?? httpContext.Request.Path);
        culture ??= Cultures.FromAcceptLanguage(httpContext.Request.Headers.AcceptLanguage);
        var specific = Cultures.Specific(culture).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(specific, specific));
    }

    public static string? FromPath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 3)
        {
            return null;
        }

        var first = value.AsSpan(1);
        var slash = first.IndexOf('/');
        var segment = (slash < 0 ? first : first[..slash]).ToString();
        return Cultures.IsSupported(segment) ? segment : null;
    }
}

public static class CultureRoutingExtensions
{
    public static IServiceCollection AddCultureRouting(this IServiceCollection services)
    {
        services.AddSingleton<Texts>();
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizerFactory, TextsLocalizerFactory>();
        services.AddRouting(o => o.ConstraintMap["culture"] = typeof(CultureRouteConstraint));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var supported = Cultures.All.Select(c => Cultures.Specific(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Cultures.Specific(Cultures.Default));
            o.SupportedCultures = supported;
            o.SupportedUICultures = supported;
            o.RequestCultureProviders = [new PathCultureProvider()];
        });
        return services;
    }

    /// <summary><c>/</c> sends the visitor to their browser's language.</summary>
    public static IEndpointRouteBuilder MapLanguageRedirect(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext ctx) =>
        {
            var culture = Cultures.FromAcceptLanguage(ctx.Request.Headers.AcceptLanguage);
            ctx.Response.Headers.Vary = "Accept-Language";
            return Results.Redirect("/" + culture, permanent: false);
        });
        return app;
    }

    public static string FormatDate(DateTime utc) =>
        utc.ToString("D", CultureInfo.CurrentCulture);
}
