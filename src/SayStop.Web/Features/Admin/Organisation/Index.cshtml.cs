using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Files;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Admin.Organisation;

[StreamedForm(PublicImages.MaxBytes + (2 * 1024 * 1024), PublicImages.MaxBytes, 1)]
public sealed class IndexModel(AppDbContext db, OrganisationProfiles profiles, PublicImages images, AuditLog audit, Texts texts, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Logo { get; set; }

    public string? Message { get; private set; }

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string Name { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required"), StringLength(60, ErrorMessage = "Validation.TooLong")]
        public string ShortName { get; set; } = string.Empty;

        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string? Street { get; set; }

        [StringLength(20, ErrorMessage = "Validation.TooLong")]
        public string? PostalCode { get; set; }

        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string? City { get; set; }

        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string? Country { get; set; }

        [StringLength(30, ErrorMessage = "Validation.TooLong")]
        public string? EnterpriseNumber { get; set; }

        [StringLength(320, ErrorMessage = "Validation.TooLong"), EmailAddress(ErrorMessage = "Validation.Email")]
        public string? Email { get; set; }

        [StringLength(40, ErrorMessage = "Validation.TooLong")]
        public string? Phone { get; set; }

        [StringLength(300, ErrorMessage = "Validation.TooLong")]
        public string? FacebookUrl { get; set; }

        [StringLength(300, ErrorMessage = "Validation.TooLong")]
        public string? InstagramUrl { get; set; }

        [StringLength(300, ErrorMessage = "Validation.TooLong")]
        public string? LinkedInUrl { get; set; }

        [StringLength(300, ErrorMessage = "Validation.TooLong")]
        public string? YouTubeUrl { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = await db.Set<OrganisationProfile>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == OrganisationProfile.SingletonId, ct) ?? OrganisationProfile.Demo();
        Input = new ProfileInput
        {
            Name = p.Name, ShortName = p.ShortName, Street = p.Street, PostalCode = p.PostalCode, City = p.City,
            Country = p.Country, EnterpriseNumber = p.EnterpriseNumber, Email = p.Email, Phone = p.Phone,
            FacebookUrl = p.FacebookUrl, InstagramUrl = p.InstagramUrl, LinkedInUrl = p.LinkedInUrl, YouTubeUrl = p.YouTubeUrl,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(ProfileInput.FacebookUrl), Input.FacebookUrl), (nameof(ProfileInput.InstagramUrl), Input.InstagramUrl),
                     (nameof(ProfileInput.LinkedInUrl), Input.LinkedInUrl), (nameof(ProfileInput.YouTubeUrl), Input.YouTubeUrl),
                 })
        {
            // Only https links: a "javascript:" URL in the footer would run on every page.
            if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                ModelState.AddModelError("Input." + name, texts["Validation.HttpsUrl"]);
            }
        }

        Guid? logoId = null;
        if (Logo is { Length: > 0 })
        {
            var (check, id) = await images.SaveAsync(Logo, ct);
            if (check != ImageCheck.Ok)
            {
                ModelState.AddModelError(nameof(Logo), texts["Validation.Image." + check]);
            }

            logoId = id;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var p = await db.Set<OrganisationProfile>().FirstOrDefaultAsync(o => o.Id == OrganisationProfile.SingletonId, ct);
        if (p is null)
        {
            p = new OrganisationProfile();
            db.Add(p);
        }

        p.Name = Input.Name.Trim();
        p.ShortName = Input.ShortName.Trim();
        p.Street = Input.Street?.Trim() ?? string.Empty;
        p.PostalCode = Input.PostalCode?.Trim() ?? string.Empty;
        p.City = Input.City?.Trim() ?? string.Empty;
        p.Country = Input.Country?.Trim() ?? string.Empty;
        p.EnterpriseNumber = Input.EnterpriseNumber?.Trim() ?? string.Empty;
        p.Email = Input.Email?.Trim() ?? string.Empty;
        p.Phone = Input.Phone?.Trim() ?? string.Empty;
        p.FacebookUrl = Input.FacebookUrl?.Trim() ?? string.Empty;
        p.InstagramUrl = Input.InstagramUrl?.Trim() ?? string.Empty;
        p.LinkedInUrl = Input.LinkedInUrl?.Trim() ?? string.Empty;
        p.YouTubeUrl = Input.YouTubeUrl?.Trim() ?? string.Empty;
        p.LogoFileId = logoId ?? p.LogoFileId;
        p.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        profiles.Invalidate();
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "organisation.updated", p.ShortName, logoId is null ? string.Empty : "logo changed", ct);
        Message = texts["Admin.Saved"];
        return Page();
    }
}
