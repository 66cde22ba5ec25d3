using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.News;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Data;

public static class MigrateAndSeed
{
    /// <summary>
    /// Applies the provider's migrations, makes sure the staff roles exist, and fills empty tables with demo
    /// content when <c>Site:SeedDemoContent</c> is on (the default for `dotnet run`; a production
    /// installation turns it off and starts empty).
    /// </summary>
    public static async Task MigrateAndSeedAsync(this WebApplication app, CancellationToken ct = default)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        if (!await db.Set<OrganisationProfile>().AnyAsync(ct))
        {
            var profile = OrganisationProfile.Demo();
            profile.UpdatedAt = DateTime.UtcNow;
            db.Add(profile);
            await db.SaveChangesAsync(ct);
        }

        await Features.Desk.Forwarding.AuthoritySeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);

        if (app.Configuration.GetValue("Site:SeedDemoContent", false))
        {
            await NewsDemoData.SeedAsync(db, ct);
        }
    }
}
