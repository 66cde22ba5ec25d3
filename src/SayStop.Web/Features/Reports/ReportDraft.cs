using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// The answers gathered so far while the reporter moves between the steps of the form. They travel in a hidden
/// field encrypted and authenticated by Data Protection and expire after a few hours: the server keeps nothing
/// (no session, no cookie, no row) until the report is sent, and then only sealed.
/// </summary>
public sealed class ReportDraft
{
    /// <summary>Random id of this filling of the form: a replayed "send" files nothing twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();

    public bool? Urgent { get; set; }

    public string? Kind { get; set; }

    public string? When { get; set; }

    public DateOnly? OnDate { get; set; }

    public TimeOnly? AtTime { get; set; }

    public string? Country { get; set; }

    public string? City { get; set; }

    public string? PlaceKind { get; set; }

    public string? PlaceName { get; set; }

    /// <summary>Address or description of the place.</summary>
    public string? Place { get; set; }

    public string? Coordinates { get; set; }

    public SuspectDetails? Suspect { get; set; }

    public ChildrenDetails? Children { get; set; }

    public string? WhatHappened { get; set; }

    public List<string> AlreadyActed { get; set; } = [];

    public string? ActedDetails { get; set; }

    public bool WantsContact { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public bool PoliceMayContact { get; set; }
}

/// <summary>Protects and reads <see cref="ReportDraft"/> fields. Anything forged, altered or expired reads as null.</summary>
public sealed class ReportDrafts(IDataProtectionProvider protection)
{
    public const string Purpose = "Reports.Draft.v1";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

    /// <summary>Far above what the longest honest draft needs; refuses to even try decrypting anything bigger.</summary>
    public const int MaxProtectedLength = 64 * 1024;

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Protect(ReportDraft draft) =>
        _protector.Protect(JsonSerializer.Serialize(draft, ReportIntake.Json), Lifetime);

    public ReportDraft? Read(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxProtectedLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReportDraft>(_protector.Unprotect(value), ReportIntake.Json);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
