using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features;

/// <summary>
/// Enumerates every route of the site: each staff route must demand a role, refuse anonymous visitors
/// (sent to sign-in) and refuse a signed-in staff member who lacks the role (403).
/// </summary>
public sealed class StaffRoutesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string[] StaffMarkers = ["admin", "manage", "desk"];

    private sealed record StaffRoute(string Template, string Url, IReadOnlyList<string> Policies);

    private List<StaffRoute> StaffRoutes()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var result = new List<StaffRoute>();
        foreach (var e in endpoints)
        {
            var template = e.RoutePattern.RawText ?? string.Empty;
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var looksStaff = template.Split('/').Any(s => StaffMarkers.Contains(s, StringComparer.OrdinalIgnoreCase));
            if (authorize.Count == 0)
            {
                Assert.False(looksStaff, $"{template} looks like a staff route but has no authorization");
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
