namespace SayStop.Web.Features.Reports;

/// <summary>What the reporter told us about the situation. Sealed as JSON (purpose "answers"), never stored in clear.</summary>
public sealed record ReportAnswers(
    bool Urgent,
    string Kind,
    string When,
    string Country,
    string Place,
    string WhatHappened);

/// <summary>How the reporter may be reached. Sealed separately (purpose "contact"); absent when anonymous.</summary>
public sealed record ReporterContact(string Email);
