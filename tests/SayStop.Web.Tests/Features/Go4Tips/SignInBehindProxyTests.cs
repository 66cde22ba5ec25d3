using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>The site behind a (simulated) proxy: requests arrive from it, the learner's address in X-Forwarded-For.</summary>
public class ProxiedApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Site:BehindProxy", "true");
}

public sealed class ProxiedSqliteApp() : ProxiedApp(TestDb.Sqlite);

public sealed class ProxiedPostgresApp() : ProxiedApp(TestDb.Postgres);

public abstract class SignInBehindProxyTests(ProxiedApp app)
{
    private const string SignInUrl = "/en/go4tips/signin";

    [Fact]
    public async Task BehindTheProxy_EachLearnerHasTheirOwnSignInBudget()
    {
        app.Require();
        int Links()
        {
            using var scope = app.Scope();
            return scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SignInLink>().Count();
        }

        async Task AskAsync(HttpClient client)
        {
            var page = await client.GetDocumentAsync(SignInUrl);
            var response = await client.SubmitAsync(page, SignInUrl,
                new Dictionary<string, string> { ["Email"] = $"learner-{Guid.NewGuid():N}@test.example" }, "#ask-link");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var first = ClientAt("198.51.100.7");
        var before = Links();
        for (var i = 0; i < 10; i++)
        {
            await AskAsync(first);
        }

        Assert.Equal(before + 10, Links());
        await AskAsync(first);
        Assert.Equal(before + 10, Links());

        // Another learner, through the same proxy: their own budget, not the first one's.
        await AskAsync(ClientAt("198.51.100.8"));
        Assert.Equal(before + 11, Links());
    }

    private HttpClient ClientAt(string address)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

public sealed class SignInBehindProxySqliteTests(ProxiedSqliteApp app) : SignInBehindProxyTests(app), IClassFixture<ProxiedSqliteApp>;

public sealed class SignInBehindProxyPostgresTests(ProxiedPostgresApp app) : SignInBehindProxyTests(app), IClassFixture<ProxiedPostgresApp>;
