using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>An authority the desk suggests for a report, and why (the country of the facts or the suspect's nationality).</summary>
public sealed record AuthoritySuggestion(Guid Id, string Country, string Name, AuthorityChannel Channel, bool Encrypted, bool Placeholder, bool ForFacts, bool ForNationality);

/// <summary>A forward as the report page lists it (no content: the dossier stays sealed).</summary>
public sealed record ForwardView(
    Guid Id,
    string Reference,
    string Authority,
    ForwardState State,
    bool IncludesIdentity,
    string PreparedBy,
    bool PreparedByMe,
    DateTime PreparedAt,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? Note,
    ForwardDelivery Delivery,
    ForwardDelivery? BoundDelivery,
    string? BoundAddress,
    string? BoundKeyFingerprint);

/// <summary>Where a forward goes, fixed when it is prepared: the channel, the address and the print of the key.</summary>
public sealed record ForwardBinding(ForwardDelivery Delivery, string? Address, string? KeyFingerprint);

public enum ForwardDelivery
{
    Manual,
    Smime,
    OpenPgp,
}

public enum ForwardResult
{
    Done,
    NotFound,
    NotGranted,

    /// <summary>The authority is unknown, retired or a placeholder still to fill in.</summary>
    BadAuthority,

    /// <summary>A forward of this report already waits for approval.</summary>
    AlreadyPending,

    /// <summary>Four eyes: the handler who prepared a forward cannot approve it.</summary>
    OwnForward,

    /// <summary>The forward is not (or no longer) in the state the action needs.</summary>
    WrongState,

    /// <summary>The authority's certificate or key no longer works (expired since it was entered).</summary>
    KeyUnusable,

    /// <summary>The directory no longer sends to the address and key the forward was prepared for (it is voided).</summary>
    AuthorityChanged,

    /// <summary>The organisation's signing key is not configured: no dossier is emailed unsigned.</summary>
    NoSigningKey,
}

/// <summary>
/// Forwarding a report to the police with four eyes: one handler prepares (authority, covering note; the
/// reporter's identity goes in only when they agreed to police contact), a different handler with access approves
/// or refuses. On approval the dossier (<see cref="Dossier"/>) is sealed under the report's case key and either
/// queued as an encrypted email (S/MIME or OpenPGP, when the authority has a key) or left for a handler to download
/// and hand over. The report's status becomes "forwarded to the police" when the email is queued or the manual
/// delivery is confirmed. Nothing of the report is stored in clear; the callers audit with ids only.
/// </summary>
public sealed class Forwards(
    AppDbContext db,
    CaseFile cases,
    EmailOutbox outbox,
    OrganisationProfiles organisation,
    DossierSigning signing,
    Texts texts,
    TimeProvider clock,
    ILogger<Forwards> logger)
{
    public const int MaxNoteLength = 2000;

    /// <summary>The authorities of the country of the facts and of the suspect's nationality (read from the opened answers).</summary>
    public async Task<IReadOnlyList<AuthoritySuggestion>> SuggestAsync(CaseView view, CancellationToken ct = default)
    {
        var facts = new HashSet<string>(StringComparer.Ordinal) { view.Country };
        if (view.Answers.FirstOrDefault(a => a.Name == "country")?.Value is { } answered && Countries.IsKnown(answered))
        {
            facts.Add(answered);
        }

        var nationality = Nationalities.Countries(view.Answers.FirstOrDefault(a => a.Name == "suspect.nationality")?.Value).ToHashSet(StringComparer.Ordinal);
        var countries = facts.Concat(nationality).Where(c => c != Countries.Other).Distinct().ToList();
        var rows = await db.Set<PoliceAuthority>().AsNoTracking().Where(a => !a.Retired && countries.Contains(a.Country)).ToListAsync(ct);
        return rows
            .Select(a => new AuthoritySuggestion(a.Id, a.Country, a.Name, a.Channel, Delivery(a) != ForwardDelivery.Manual, a.Placeholder,
                facts.Contains(a.Country), nationality.Contains(a.Country)))
            .OrderByDescending(s => s.ForFacts).ThenBy(s => s.Placeholder).ThenBy(s => s.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>Every authority that can be chosen (not retired), for the "another authority" list.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Country, string Name, bool Placeholder)>> ChoosableAsync(CancellationToken ct = default) =>
        (await db.Set<PoliceAuthority>().AsNoTracking().Where(a => !a.Retired).Select(a => new { a.Id, a.Country, a.Name, a.Placeholder }).ToListAsync(ct))
        .OrderBy(a => a.Country, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.CurrentCulture)
        .Select(a => (a.Id, a.Country, a.Name, a.Placeholder))
        .ToList();

    /// <summary>The report's forwards, newest first, with the covering notes opened for a handler who holds the case key.</summary>
    public async Task<IReadOnlyList<ForwardView>> ListAsync(Guid reportId, Guid viewerId, KeyPair? handler, CancellationToken ct = default)
    {
        var rows = await db.Set<ReportForward>().AsNoTracking().Where(f => f.ReportId == reportId)
            .Join(db.Set<PoliceAuthority>(), f => f.AuthorityId, a => a.Id, (f, a) => new { f, a })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var people = rows.SelectMany(r => new[] { (Guid?)r.f.PreparedById, r.f.DecidedById }).Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        var names = await db.Set<StaffUser>().AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        using var caseKey = handler is null ? null : await cases.OpenCaseKeyAsync(reportId, handler, ct);
        return rows.OrderByDescending(r => r.f.PreparedAt).Select(r => new ForwardView(
                r.f.Id,
                r.f.Reference,
                r.a.Name,
                r.f.State,
                r.f.IncludesIdentity,
                names.GetValueOrDefault(r.f.PreparedById, "?"),
                r.f.PreparedById == viewerId,
                r.f.PreparedAt,
                r.f.DecidedById is { } d ? names.GetValueOrDefault(d, "?") : null,
                r.f.DecidedAt,
                caseKey is not null && r.f.SealedNote is { } n ? TryOpen(caseKey, reportId, NotePurpose(r.f.Id), n) : null,
                Delivery(r.a),
                r.f.BoundDelivery,
                r.f.BoundAddress,
                r.f.BoundKeyFingerprint))
            .ToList();
    }

    /// <summary>Handler A prepares a forward: the authority and an optional covering note (sealed under the case key).</summary>
    public async Task<(ForwardResult Result, ReportForward? Forward)> PrepareAsync(Guid reportId, Guid actorId, KeyPair handler, Guid authorityId, string? note, CancellationToken ct = default)
    {
        var (access, view) = await cases.OpenAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened || view is null)
        {
            return (access == CaseAccess.NotFound ? ForwardResult.NotFound : ForwardResult.NotGranted, null);
        }

        var authority = await db.Set<PoliceAuthority>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == authorityId, ct);
        if (authority is null || authority.Retired || authority.Placeholder)
        {
            return (ForwardResult.BadAuthority, null);
        }

        if (await db.Set<ReportForward>().AnyAsync(f => f.ReportId == reportId && f.State == ForwardState.Prepared, ct))
        {
            return (ForwardResult.AlreadyPending, null);
        }

        if (Binding(authority, clock.GetUtcNow().UtcDateTime) is not { } binding)
        {
            return (ForwardResult.KeyUnusable, null);
        }

        using var caseKey = await cases.OpenCaseKeyAsync(reportId, handler, ct) ?? await cases.CreateCaseKeyAsync(reportId, handler, ct);
        if (caseKey is null)
        {
            return (ForwardResult.NotGranted, null);
        }

        var id = Guid.NewGuid();
        var forward = new ReportForward
        {
            Id = id,
            ReportId = reportId,
            AuthorityId = authority.Id,
            Reference = NewReference(),
            State = ForwardState.Prepared,
            IncludesIdentity = IncludesIdentity(view),
            BoundDelivery = binding.Delivery,
            BoundAddress = binding.Address,
            BoundKeyFingerprint = binding.KeyFingerprint,
            PreparedById = actorId,
            PreparedAt = clock.GetUtcNow().UtcDateTime,
            SealedNote = string.IsNullOrEmpty(note) ? null : ReportEnvelope.SealText(caseKey, reportId, NotePurpose(id), note),
        };
        db.Add(forward);
        await db.SaveChangesAsync(ct);
        await cases.AddEventAsync(reportId, actorId, CaseEventKind.ForwardPrepared, forward.Reference, ct);
        return (ForwardResult.Done, forward);
    }

    /// <summary>The reporter's identity goes to the police only when they agreed to be contacted by them.</summary>
    public static bool IncludesIdentity(CaseView view) => view.Contact is { PoliceMayContact: true } c
        && (!string.IsNullOrWhiteSpace(c.Name) || !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone));

    /// <summary>
    /// Handler B approves: never the handler who prepared it, only one who can open the report. The dossier is made,
    /// sealed, and sent encrypted or left for manual delivery.
    /// </summary>
    public async Task<(ForwardResult Result, ReportForward? Forward)> ApproveAsync(Guid reportId, Guid forwardId, Guid actorId, KeyPair handler, CancellationToken ct = default)
    {
        var forward = await db.Set<ReportForward>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == forwardId && f.ReportId == reportId, ct);
        if (forward is null)
        {
            return (ForwardResult.NotFound, null);
        }

        if (forward.PreparedById == actorId)
        {
            return (ForwardResult.OwnForward, forward);
        }

        var (access, view) = await cases.OpenAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened || view is null)
        {
            return (access == CaseAccess.NotFound ? ForwardResult.NotFound : ForwardResult.NotGranted, forward);
        }

        if (forward.State != ForwardState.Prepared)
        {
            return (ForwardResult.WrongState, forward);
        }

        var authority = await db.Set<PoliceAuthority>().AsNoTracking().FirstAsync(a => a.Id == forward.AuthorityId, ct);
        if (authority.Retired || authority.Placeholder)
        {
            return (ForwardResult.BadAuthority, forward);
        }

        var now = clock.GetUtcNow().UtcDateTime;

        // The dossier goes only where the preparer chose: an administrator's change in between never redirects it.
        if (forward.BoundDelivery is not { } bound)
        {
            return (ForwardResult.AuthorityChanged, forward);
        }

        var binding = Binding(authority, now);
        if (binding is null)
        {
            return (Delivery(authority) == bound ? ForwardResult.KeyUnusable : ForwardResult.AuthorityChanged, forward);
        }

        if (binding != new ForwardBinding(bound, forward.BoundAddress, forward.BoundKeyFingerprint))
        {
            return (ForwardResult.AuthorityChanged, forward);
        }

        using var caseKey = await cases.OpenCaseKeyAsync(reportId, handler, ct);
        if (caseKey is null)
        {
            return (ForwardResult.NotGranted, forward);
        }

        var note = forward.SealedNote is { } n ? TryOpen(caseKey, reportId, NotePurpose(forward.Id), n) : null;
        var org = (await organisation.GetAsync(ct)).Name;
        var dossier = Dossier.Build(view, authority, org, forward.Reference, DateOnly.FromDateTime(now), forward.IncludesIdentity, note, texts);
        var json = dossier.ToJson();

        var delivery = binding.Delivery;
        byte[]? encrypted = null;
        if (delivery != ForwardDelivery.Manual)
        {
            if (signing.Certificate() is not { } signer || signing.OpenPgpSigningKey() is not { } pgpSigner)
            {
                logger.LogError("Forward {ForwardId} not sent: no dossier signing key is configured", forward.Id);
                return (ForwardResult.NoSigningKey, forward);
            }

            encrypted = await EncryptAsync(authority, binding, dossier, json, signer, pgpSigner, now, ct);
            if (encrypted is null)
            {
                return (ForwardResult.KeyUnusable, forward);
            }
        }

        // Only one approval wins, even when two handlers press at once.
        forward.State = encrypted is null ? ForwardState.AwaitingManualDelivery : ForwardState.Sent;
        forward.DecidedById = actorId;
        forward.DecidedAt = now;
        forward.SealedDossier = ReportEnvelope.Seal(caseKey, reportId, DossierPurpose(forward.Id), json);
        if (await db.Set<ReportForward>().Where(f => f.Id == forward.Id && f.State == ForwardState.Prepared)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, forward.State).SetProperty(f => f.DecidedById, actorId)
                    .SetProperty(f => f.DecidedAt, now).SetProperty(f => f.SealedDossier, forward.SealedDossier), ct) != 1)
        {
            return (ForwardResult.WrongState, forward);
        }

        await cases.AddEventAsync(reportId, actorId, CaseEventKind.ForwardApproved, forward.Reference, ct);
        if (encrypted is not null)
        {
            var emailId = await outbox.EnqueueMimeAsync(binding.Address!, DossierMail.Subject(texts, dossier), encrypted, ct);
            await db.Set<ReportForward>().Where(f => f.Id == forward.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.OutboxEmailId, emailId).SetProperty(f => f.DeliveredAt, now), ct);
            forward.OutboxEmailId = emailId;
            await cases.AddEventAsync(reportId, actorId, CaseEventKind.ForwardSent, forward.Reference, ct);
            await cases.SetStatusAsync(reportId, actorId, handler, ReportStatus.ForwardedToPolice, ct);
            logger.LogInformation("Forward {ForwardId} of report {ReportId} queued as email {EmailId} ({Delivery})", forward.Id, reportId, emailId, delivery);
        }

        return (ForwardResult.Done, forward);
    }

    /// <summary>Handler B (or A, withdrawing) refuses a prepared forward.</summary>
    public async Task<ForwardResult> RefuseAsync(Guid reportId, Guid forwardId, Guid actorId, KeyPair handler, CancellationToken ct = default)
    {
        if (!await db.Set<ReportForward>().AnyAsync(f => f.Id == forwardId && f.ReportId == reportId, ct))
        {
            return ForwardResult.NotFound;
        }

        var access = await cases.CheckAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened)
        {
            return access == CaseAccess.NotFound ? ForwardResult.NotFound : ForwardResult.NotGranted;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.Set<ReportForward>().Where(f => f.Id == forwardId && f.State == ForwardState.Prepared)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, ForwardState.Refused).SetProperty(f => f.DecidedById, actorId).SetProperty(f => f.DecidedAt, now), ct) != 1)
        {
            return ForwardResult.WrongState;
        }

        var reference = await db.Set<ReportForward>().Where(f => f.Id == forwardId).Select(f => f.Reference).FirstAsync(ct);
        await cases.AddEventAsync(reportId, actorId, CaseEventKind.ForwardRefused, reference, ct);
        return ForwardResult.Done;
    }

    /// <summary>A handler confirms they handed an approved dossier over by hand; the report becomes "forwarded".</summary>
    public async Task<ForwardResult> MarkDeliveredAsync(Guid reportId, Guid forwardId, Guid actorId, KeyPair handler, CancellationToken ct = default)
    {
        if (!await db.Set<ReportForward>().AnyAsync(f => f.Id == forwardId && f.ReportId == reportId, ct))
        {
            return ForwardResult.NotFound;
        }

        var access = await cases.CheckAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened)
        {
            return access == CaseAccess.NotFound ? ForwardResult.NotFound : ForwardResult.NotGranted;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.Set<ReportForward>().Where(f => f.Id == forwardId && f.State == ForwardState.AwaitingManualDelivery)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, ForwardState.Delivered).SetProperty(f => f.DeliveredAt, now), ct) != 1)
        {
            return ForwardResult.WrongState;
        }

        var reference = await db.Set<ReportForward>().Where(f => f.Id == forwardId).Select(f => f.Reference).FirstAsync(ct);
        await cases.AddEventAsync(reportId, actorId, CaseEventKind.ForwardDelivered, reference, ct);
        await cases.SetStatusAsync(reportId, actorId, handler, ReportStatus.ForwardedToPolice, ct);
        return ForwardResult.Done;
    }

    /// <summary>The approved dossier, opened for a handler with the case key (for the PDF / JSON downloads).</summary>
    public async Task<(ForwardResult Result, Dossier? Dossier, byte[]? Json)> OpenDossierAsync(Guid reportId, Guid forwardId, KeyPair handler, CancellationToken ct = default)
    {
        var forward = await db.Set<ReportForward>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == forwardId && f.ReportId == reportId, ct);
        if (forward is null)
        {
            return (ForwardResult.NotFound, null, null);
        }

        if (await cases.CheckAsync(reportId, handler, ct) != CaseAccess.Opened)
        {
            return (ForwardResult.NotGranted, null, null);
        }

        if (forward.SealedDossier is null)
        {
            return (ForwardResult.WrongState, null, null);
        }

        using var caseKey = await cases.OpenCaseKeyAsync(reportId, handler, ct);
        if (caseKey is null)
        {
            return (ForwardResult.NotGranted, null, null);
        }

        try
        {
            var json = ReportEnvelope.Open(caseKey, reportId, DossierPurpose(forward.Id), forward.SealedDossier);
            return (ForwardResult.Done, Dossier.FromJson(json), json);
        }
        catch (SealingException)
        {
            logger.LogWarning("The dossier of forward {ForwardId} does not open", forward.Id);
            return (ForwardResult.NotFound, null, null);
        }
    }

    public static ForwardDelivery Delivery(PoliceAuthority a) =>
        a.Channel != AuthorityChannel.Email || string.IsNullOrWhiteSpace(a.Email) ? ForwardDelivery.Manual
        : !string.IsNullOrWhiteSpace(a.SmimeCertificate) ? ForwardDelivery.Smime
        : !string.IsNullOrWhiteSpace(a.OpenPgpKey) ? ForwardDelivery.OpenPgp
        : ForwardDelivery.Manual; // An email address without a key never receives a dossier in clear.

    /// <summary>
    /// Where a dossier to this authority goes today: the channel, the address and the print of the key it would be
    /// encrypted to; null when the authority has a key that cannot be used (unreadable, expired).
    /// </summary>
    public static ForwardBinding? Binding(PoliceAuthority authority, DateTime nowUtc)
    {
        var delivery = Delivery(authority);
        switch (delivery)
        {
            case ForwardDelivery.Smime:
                if (AuthorityKeys.CheckCertificate(authority.SmimeCertificate!, nowUtc) is not null)
                {
                    return null;
                }

                using (var cert = AuthorityKeys.TryReadCertificate(authority.SmimeCertificate)!)
                {
                    return new ForwardBinding(delivery, authority.Email, DossierSigning.Fingerprint(cert));
                }

            case ForwardDelivery.OpenPgp:
                return AuthorityKeys.TryReadOpenPgpKeys(authority.OpenPgpKey) is { } keys && AuthorityKeys.EncryptionKey(keys, nowUtc) is { } key
                    ? new ForwardBinding(delivery, authority.Email, DossierSigning.Fingerprint(key))
                    : null;
            default:
                return new ForwardBinding(ForwardDelivery.Manual, null, null);
        }
    }

    /// <summary>
    /// Voids every forward to this authority still waiting for approval (an administrator changed where it receives
    /// dossiers, or retired it): each gets a timeline line its preparer reads on the report page. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<(Guid ForwardId, Guid ReportId, string Reference)>> VoidPendingAsync(Guid authorityId, Guid actorId, CancellationToken ct = default)
    {
        var pending = await db.Set<ReportForward>().AsNoTracking().Where(f => f.AuthorityId == authorityId && f.State == ForwardState.Prepared)
            .Select(f => new { f.Id, f.ReportId, f.Reference }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var voided = new List<(Guid, Guid, string)>();
        foreach (var f in pending)
        {
            // Conditional, like approval: a forward approved meanwhile (to the address it was bound to) stays approved.
            if (await db.Set<ReportForward>().Where(x => x.Id == f.Id && x.State == ForwardState.Prepared)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, ForwardState.Voided).SetProperty(x => x.DecidedAt, now), ct) == 1)
            {
                await cases.AddEventAsync(f.ReportId, actorId, CaseEventKind.ForwardVoided, f.Reference, ct);
                voided.Add((f.Id, f.ReportId, f.Reference));
            }
        }

        return voided;
    }

    private async Task<byte[]?> EncryptAsync(PoliceAuthority authority, ForwardBinding binding, Dossier dossier, byte[] json, System.Security.Cryptography.X509Certificates.X509Certificate2 signer,
        Org.BouncyCastle.Bcpg.OpenPgp.PgpSecretKey pgpSigner, DateTime now, CancellationToken ct)
    {
        var body = DossierMail.Body(texts, dossier, DossierPdf.Render(dossier, texts), json);
        if (binding.Delivery == ForwardDelivery.Smime)
        {
            using var cert = AuthorityKeys.TryReadCertificate(authority.SmimeCertificate);
            return cert is not null && DossierSigning.Fingerprint(cert) == binding.KeyFingerprint
                ? await DossierMail.EncryptSmimeAsync(body, cert, signer, ct)
                : null;
        }

        var keys = AuthorityKeys.TryReadOpenPgpKeys(authority.OpenPgpKey);
        return keys is not null && AuthorityKeys.EncryptionKey(keys, now) is { } key && DossierSigning.Fingerprint(key) == binding.KeyFingerprint
            ? await DossierMail.EncryptOpenPgpAsync(body, key, pgpSigner, signing.OpenPgpPassphrase, ct)
            : null;
    }

    private string? TryOpen(ContentKey key, Guid reportId, string purpose, byte[] blob)
    {
        try
        {
            return ReportEnvelope.OpenText(key, reportId, purpose, blob);
        }
        catch (SealingException)
        {
            logger.LogWarning("A forward of report {ReportId} does not open", reportId);
            return null;
        }
    }

    private static string NotePurpose(Guid forwardId) => "forward:" + forwardId.ToString("D");

    private static string DossierPurpose(Guid forwardId) => "dossier:" + forwardId.ToString("D");

    /// <summary>A reference for the authority: "D-" and ten random Crockford base32 characters (50 bits), no database id.</summary>
    private static string NewReference()
    {
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "D-" + new string(chars[..5]) + "-" + new string(chars[5..]);
    }
}
