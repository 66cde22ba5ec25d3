using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>
/// Fills the authority directory at start when it is empty: the Belgian Federal Police (manual delivery until an
/// administrator enters its channel) and one placeholder per country of the network named in our sources
/// (docs/ARCHITECTURE.md, Forwarding): the Netherlands (Defence for Children–ECPAT NL), Switzerland
/// (nicht-wegsehen.ch) and Colombia (ECPAT Colombia). No address is invented: every entry delivers by hand and
/// placeholders are marked as such until an administrator fills them in.
/// </summary>
public static class AuthoritySeeder
{
    internal static readonly (string Country, string Name, string Language, bool Placeholder, string Notes)[] Entries =
    [
        ("BE", "Police fédérale / Federale Politie", "fr", false,
            "Federal Police of Belgium, under the prior agreement for reports of child sexual exploitation. Manual delivery until its secure email address and certificate are entered."),
        ("NL", "Politie (Nederland) - to be completed", "nl", true,
            "Placeholder: enter the competent Dutch police service, its channel and its key."),
        ("CH", "Police (Suisse / Schweiz) - to be completed", "de", true,
            "Placeholder: enter the competent Swiss police service, its channel and its key."),
        ("CO", "Policía (Colombia) - to be completed", "en", true,
            "Placeholder: enter the competent Colombian police service, its channel and its key."),
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        if (await db.Set<PoliceAuthority>().AnyAsync(ct))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (country, name, language, placeholder, notes) in Entries)
        {
            db.Add(new PoliceAuthority
            {
                Id = Guid.CreateVersion7(),
                Country = country,
                Name = name,
                Language = language,
                Channel = AuthorityChannel.Manual,
                Placeholder = placeholder,
                Notes = notes,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
