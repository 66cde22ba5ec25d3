namespace SayStop.Web.Features.Reports;

/// <summary>
/// What the reporter told us about the situation (field set: docs reference reporting.md §3.7). Sealed as JSON
/// (purpose "answers"), never stored in clear. Fields added later carry defaults, so older reports still open.
/// Every optional text is null when the reporter left it empty. <see cref="When"/> is the reporter's description of the
/// moment (possibly empty when they gave an exact <see cref="OnDate"/>, local to the place).
/// </summary>
public sealed record ReportAnswers(
    bool Urgent,
    string Kind,
    string When,
    string Country,
    string Place,
    string WhatHappened,
    string? City = null,
    string? PlaceKind = null,
    string? PlaceName = null,
    string? Coordinates = null,
    SuspectDetails? Suspect = null,
    ChildrenDetails? Children = null,
    IReadOnlyList<string>? AlreadyActed = null,
    string? ActedDetails = null,
    DateOnly? OnDate = null,
    TimeOnly? AtTime = null);

/// <summary>The suspected adult or adults, as far as the reporter knows; every part optional.</summary>
public sealed record SuspectDetails(
    string? Name,
    string? Description,
    string? Age,
    string? Nationality,
    string? Vehicle,
    string? Travel,
    string? Stay);

/// <summary>The child or children; every part optional.</summary>
public sealed record ChildrenDetails(string? Count, string? Age, string? Gender, string? Description);

/// <summary>
/// How the reporter may be reached. Sealed separately (purpose "contact"); absent when anonymous.
/// <paramref name="PoliceMayContact"/>: the reporter agrees that the police contact them directly; otherwise only the
/// NGO does, and the reporter's identity is left out of what is forwarded.
/// </summary>
public sealed record ReporterContact(string? Email, string? Name = null, string? Phone = null, bool PoliceMayContact = false);

/// <summary>The closed choices of the form; each value has a text "Report.{List}.{value}".</summary>
public static class ReportChoices
{
    public static readonly IReadOnlyList<string> PlaceKinds = ["Hotel", "Beach", "Bar", "Restaurant", "Apartment", "Transport", "Online", "Other"];

    public static readonly IReadOnlyList<string> ChildrenCounts = ["One", "Two", "ThreeToFive", "MoreThanFive", "Unknown"];

    public static readonly IReadOnlyList<string> Genders = ["Girls", "Boys", "Both", "Unknown"];

    public static readonly IReadOnlyList<string> Actors = ["HotelStaff", "Guide", "Police", "Other"];

    public static bool In(IReadOnlyList<string> list, string? value) => value is not null && list.Contains(value, StringComparer.Ordinal);
}
