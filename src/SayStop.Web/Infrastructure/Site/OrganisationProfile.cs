using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Site;

/// <summary>
/// Who runs this installation: shown in the footer, the privacy notice, emails and feeds. A setting, not
/// code, so another child-protection NGO can run its own SayStop by filling in this one form.
/// </summary>
public sealed class OrganisationProfile
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public string Name { get; set; } = string.Empty;

    public string ShortName { get; set; } = string.Empty;

    public string Street { get; set; } = string.Empty;

    public string PostalCode { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;

    public string Country { get; set; } = string.Empty;

    /// <summary>Belgian enterprise number (KBO/BCE), e.g. 0123.456.789.</summary>
    public string EnterpriseNumber { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public Guid? LogoFileId { get; set; }

    public string FacebookUrl { get; set; } = string.Empty;

    public string InstagramUrl { get; set; } = string.Empty;

    public string LinkedInUrl { get; set; } = string.Empty;

    public string YouTubeUrl { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public static OrganisationProfile Demo() => new()
    {
        Name = "SayStop Child Protection (demo)",
        ShortName = "SayStop",
        Street = "Rue de l'Exemple 1",
        PostalCode = "1000",
        City = "Brussels",
        Country = "Belgium",
        EnterpriseNumber = "0000.000.000",
        Email = "info@saystop.example",
        Phone = "+32 2 000 00 00",
    };
}

internal sealed class OrganisationProfileConfiguration : IEntityTypeConfiguration<OrganisationProfile>
{
    public void Configure(EntityTypeBuilder<OrganisationProfile> b)
    {
        b.ToTable("Organisation");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Name).HasMaxLength(200).IsRequired();
        b.Property(o => o.ShortName).HasMaxLength(60).IsRequired();
        foreach (var p in new[] { nameof(OrganisationProfile.Street), nameof(OrganisationProfile.City), nameof(OrganisationProfile.Country) })
        {
            b.Property(p).HasMaxLength(200);
        }

        b.Property(o => o.PostalCode).HasMaxLength(20);
        b.Property(o => o.EnterpriseNumber).HasMaxLength(30);
        b.Property(o => o.Email).HasMaxLength(320);
        b.Property(o => o.Phone).HasMaxLength(40);
        foreach (var p in new[] { nameof(OrganisationProfile.FacebookUrl), nameof(OrganisationProfile.InstagramUrl),
                     nameof(OrganisationProfile.LinkedInUrl), nameof(OrganisationProfile.YouTubeUrl) })
        {
            b.Property(p).HasMaxLength(300);
        }
    }
}

/// <summary>Reads the profile for every page from a one-minute memory cache (each node refreshes on its own).</summary>
public sealed class OrganisationProfiles(IMemoryCache cache, IServiceScopeFactory scopes)
{
    private const string CacheKey = "organisation-profile";

    public async Task<OrganisationProfile> GetAsync(CancellationToken ct = default) =>
        await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await db.Set<OrganisationProfile>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == OrganisationProfile.SingletonId, ct)
                   ?? OrganisationProfile.Demo();
        }) ?? OrganisationProfile.Demo();

    public void Invalidate() => cache.Remove(CacheKey);
}
