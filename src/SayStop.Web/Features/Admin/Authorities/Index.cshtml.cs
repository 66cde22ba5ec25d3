using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Desk.Forwarding;

namespace SayStop.Web.Features.Admin.Authorities;

/// <summary>
/// The directory of competent authorities that dossiers are forwarded to (administrators only), and the public part
/// of the organisation's dossier signing keys, to give to the police.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(AppDbContext db, DossierSigning signing) : PageModel
{
    public string? SigningCertificateFingerprint { get; private set; }

    public string? SigningOpenPgpFingerprint { get; private set; }

    private static readonly string[] DoneMessages = ["added", "saved", "deleted", "retired", "restored"];

    public IReadOnlyList<PoliceAuthority> Authorities { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public string? MessageKey => Done is not null && DoneMessages.Contains(Done) ? "Desk.Authority.Done." + Done : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Authorities = (await db.Set<PoliceAuthority>().AsNoTracking().ToListAsync(ct))
            .OrderBy(a => a.Retired).ThenBy(a => a.Country, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.CurrentCulture)
            .ToList();
        SigningCertificateFingerprint = signing.Certificate() is { } cert ? DossierSigning.Fingerprint(cert) : null;
        SigningOpenPgpFingerprint = signing.OpenPgpKeyRing() is { } ring ? DossierSigning.Fingerprint(ring.GetPublicKey()) : null;
    }

    /// <summary>The organisation's S/MIME signing certificate (public part only).</summary>
    public IActionResult OnGetSigningCertificate() => signing.CertificatePem() is { } pem
        ? File(System.Text.Encoding.ASCII.GetBytes(pem), "application/x-pem-file", "saystop-dossier-signing.pem")
        : NotFound();

    /// <summary>The organisation's OpenPGP signing key (public part only).</summary>
    public IActionResult OnGetSigningOpenPgpKey() => signing.OpenPgpPublicKey() is { } key
        ? File(System.Text.Encoding.ASCII.GetBytes(key), "application/pgp-keys", "saystop-dossier-signing.asc")
        : NotFound();
}
