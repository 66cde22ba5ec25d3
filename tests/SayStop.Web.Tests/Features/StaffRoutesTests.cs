using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>
/// Enumerates every route of the site: each one is either a listed public route or demands a staff policy; each staff
/// route must demand a role, refuse anonymous visitors (sent to sign-in) and refuse a signed-in staff member who lacks
/// the role (403).
/// </summary>
public sealed class StaffRoutesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    /// <summary>
    /// The routes anyone may open, by template. Every other route must demand a staff policy: a new page (a Finance
    /// area, say) is refused by <see cref="EveryRouteWithoutAPolicy_IsAListedPublicRoute"/> until it has one or is
    /// listed here on purpose.
    /// </summary>
    private static readonly HashSet<string> PublicTemplates = new(StringComparer.Ordinal)
    {
        "/",
        "/files/{id:guid}",
        "/health/live",
        "/health/ready",
        "/robots.txt",
        "/sitemap.xml",
        "/{culture:culture}/news/feed.atom",
        "/{culture:culture}/news/feed.rss",
        "error/{code:int}",
        "{culture:culture}",
        "{culture:culture}/Index",
        "{culture:culture}/account/setup",
        "{culture:culture}/account/signin",
        "{culture:culture}/account/signout",
        "{culture:culture}/account/two-factor",
        "{culture:culture}/go4tips",
        "{culture:culture}/go4tips/join",
        "{culture:culture}/go4tips/manifest.webmanifest",
        "{culture:culture}/go4tips/offline",
        "{culture:culture}/go4tips/progress",
        "{culture:culture}/go4tips/settings",
        "{culture:culture}/go4tips/signin",
        "{culture:culture}/go4tips/sync",
        "{culture:culture}/go4tips/unsubscribe",
        "{culture:culture}/go4tips/{deck}/cards.pdf",
        "{culture:culture}/go4tips/{deck}/offline.json",
        "{culture:culture}/go4tips/{deck}/quiz",
        "{culture:culture}/go4tips/{deck}/study",
        "{culture:culture}/news",
        "{culture:culture}/news/{slug}",
        "{culture:culture}/privacy",
        "{culture:culture}/report",
        "{culture:culture}/report/after",
        "{culture:culture}/report/follow-up",
        "{culture:culture}/report/form",
        "{culture:culture}/report/signs",
        "{culture:culture}/statistics",
    };

    private sealed record StaffRoute(string Template, string Url, IReadOnlyList<string> Policies);

    private List<StaffRoute> StaffRoutes()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var result = new List<StaffRoute>();
        foreach (var e in endpoints)
        {
            var template = e.RoutePattern.RawText ?? string.Empty;
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (authorize.Count == 0)
            {
                continue;
            }

            var url = "/" + template.ToLowerInvariant()
                .Replace("{culture:culture}", "en", StringComparison.Ordinal)
                .Replace("{id:guid?}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("{", url, StringComparison.Ordinal);
            result.Add(new StaffRoute(template, url, authorize.Select(a => a.Policy ?? "(default)").ToList()));
        }

        return result;
    }

    [Fact]
    public void EveryRouteWithoutAPolicy_IsAListedPublicRoute()
    {
        app.Require();
        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var unlisted = open.Where(t => !PublicTemplates.Contains(t)).ToList();
        Assert.True(unlisted.Count == 0, "routes without a staff policy that are not listed as public: " + string.Join(" ; ", unlisted));
        Assert.Contains("{culture:culture}/report/form", open);
    }

    [Fact]
    public void StaffRoutes_AreFound_AndEachNamesARolePolicy()
    {
        app.Require();
        var routes = StaffRoutes();
        Assert.Contains(routes, r => r.Url == "/en/admin");
        Assert.Contains(routes, r => r.Url == "/en/admin/staff");
        Assert.Contains(routes, r => r.Url == "/en/admin/audit");
        Assert.Contains(routes, r => r.Url == "/en/news/manage");
        Assert.Contains(routes, r => r.Url.StartsWith("/en/news/manage/edit", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Url == "/en/account/manage");
        Assert.Contains(routes, r => r.Url == "/en/desk" && r.Policies.Contains(StaffPolicies.CaseHandler));
        Assert.Contains(routes, r => r.Url.StartsWith("/en/desk/report/", StringComparison.Ordinal) && r.Policies.Contains(StaffPolicies.CaseHandler));
        Assert.Contains(routes, r => r.Url == "/en/desk/access" && r.Policies.Contains(StaffPolicies.CaseHandler));
        Assert.Contains(routes, r => r.Url == "/en/desk/unlock" && r.Policies.Contains(StaffPolicies.CaseHandler));
        Assert.Contains(routes, r => r.Url == "/en/go4tips/manage" && r.Policies.Contains(StaffPolicies.Trainer));
        foreach (var authoring in new[] { "/en/go4tips/manage/decks", "/en/go4tips/manage/decks/", "/en/go4tips/manage/cards" })
        {
            Assert.Contains(routes, r => r.Url.StartsWith(authoring, StringComparison.Ordinal) && r.Policies.Contains(SayStop.Web.Features.Go4Tips.Go4TipsPolicies.Authoring));
        }

        Assert.Contains(routes, r => r.Url.EndsWith("/translations", StringComparison.Ordinal) && r.Policies.Contains(SayStop.Web.Features.Go4Tips.Go4TipsPolicies.Authoring));

        Assert.Contains(routes, r => r.Url == "/en/admin/authorities" && r.Policies.Contains(StaffPolicies.Administrator));
        Assert.Contains(routes, r => r.Url.StartsWith("/en/admin/authorities/edit", StringComparison.Ordinal) && r.Policies.Contains(StaffPolicies.Administrator));
        Assert.Contains(routes, r => r.Url.StartsWith("/en/desk/report/", StringComparison.Ordinal) && r.Url.EndsWith("/forward", StringComparison.Ordinal) && r.Policies.Contains(StaffPolicies.CaseHandler));
        Assert.All(routes, r => Assert.NotEqual("(default)", r.Policies[0]));
    }

    /// <summary>The roles a policy admits (its role requirement), or null when it names no role (AnyStaff).</summary>
    private async Task<IReadOnlyCollection<string>?> RolesOfAsync(string policy)
    {
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var found = await provider.GetPolicyAsync(policy) ?? throw new InvalidOperationException($"no policy {policy}");
        Assert.Contains(found.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement { ClaimType: "amr" } c
            && c.AllowedValues!.Contains("mfa"));
        return found.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().FirstOrDefault()?.AllowedRoles.ToList();
    }

    [Fact]
    public async Task Go4TipsAuthoring_AdmitsTrainersAndEditors_Only()
    {
        app.Require();
        Assert.Equal([StaffRoles.Editor, StaffRoles.Trainer], (await RolesOfAsync(SayStop.Web.Features.Go4Tips.Go4TipsPolicies.Authoring))!.Order());
    }

    [Fact]
    public async Task EveryStaffRoute_SendsAnonymousVisitorsToSignIn()
    {
        app.Require();
        var client = app.Client();
        foreach (var route in StaffRoutes())
        {
            var get = await client.GetAsync(route.Url);
            Assert.True(get.StatusCode == HttpStatusCode.Redirect, $"GET {route.Url}: {(int)get.StatusCode}");
            Assert.StartsWith("/en/account/signin", get.Headers.Location!.ToString(), StringComparison.Ordinal);
            var post = await client.PostAsync(route.Url, new FormUrlEncodedContent([new("x", "y")]));
            Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST {route.Url}: {(int)post.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryStaffRoute_RefusesStaffWithoutTheRole()
    {
        app.Require();
        var routes = StaffRoutes();
        foreach (var role in StaffRoles.All)
        {
            var client = await app.SignInAsync(await app.CreateStaffAsync(role));
            foreach (var route in routes)
            {
                var allowed = true;
                foreach (var p in route.Policies)
                {
                    // A policy admits a role when its role requirement lists it (Go4Tips authoring lists two).
                    allowed &= await RolesOfAsync(p) is not { } roles || roles.Contains(role);
                }

                var response = await client.GetAsync(route.Url);
                if (allowed)
                {
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{role} GET {route.Url}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} GET {route.Url}: {(int)response.StatusCode}, expected 403");
                }
            }
        }
    }
}
