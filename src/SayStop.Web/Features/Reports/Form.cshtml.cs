using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using SayStop.Sealing;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Reports;

/// <summary>The steps of the report form, one topic per page, in this order.</summary>
public enum ReportStep
{
    Urgency,

    /// <summary>Asked second, so that an urgent report shows the right emergency number from then on.</summary>
    Country,
    Kind,
    When,
    Where,
    Suspect,
    Children,
    What,
    Reporter,
    Review,
}

/// <summary>
/// The guided report form. Plain form posts, no JavaScript: each post carries the answers so far in a protected
/// hidden field (<see cref="ReportDrafts"/>) plus the fields of the step on screen; "go" says where to next.
/// After sending, the receipt is shown once, then the reporter confirms they saved it.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
[Infrastructure.Files.StreamedForm(MaxRequestBytes, PhotoCleaner.MaxBytes, PhotoCleaner.MaxPerMessage)]
public sealed class FormModel(ReportDrafts drafts, ReportIntake intake, ReportSendGate sendGate, IDataProtectionProvider protection,
    TimeProvider clock, Texts texts) : PageModel
{
    public const int MaxWhen = 200;
    public const int MaxPlace = 300;
    public const int MaxShort = 120;
    public const int MaxLong = 2000;
    public const int MaxWhatHappened = 5000;
    public const int MaxEmail = 254;
    public const int MaxPhone = 40;

    /// <summary>Five photos of 10 MB and the answers, with room for the multipart framing.</summary>
    public const long MaxRequestBytes = (PhotoCleaner.MaxPerMessage * PhotoCleaner.MaxBytes) + (1024 * 1024);

    private const string ReceiptPurpose = "Reports.Receipt.v1";

    public enum FormState
    {
        Step,
        Expired,
        AlreadySent,
        Receipt,
        Thanks,

        /// <summary>No recovery key exists yet (no administrator set up): nothing can be accepted (<see cref="IntakeReadiness"/>).</summary>
        NotOpen,
    }

    [BindProperty]
    public string? Draft { get; set; }

    [BindProperty(Name = "step")]
    public ReportStep? PostedStep { get; set; }

    [BindProperty(Name = "go")]
    public string? Go { get; set; }

    [BindProperty]
    public StepInput Input { get; set; } = new();

    [BindProperty]
    public string? ProtectedReceipt { get; set; }

    /// <summary>The send step's challenge (<see cref="SendChallenges"/>) and the proof the page's script found for it.</summary>
    [BindProperty(Name = "Challenge")]
    public string? PostedChallenge { get; set; }

    [BindProperty]
    public string? Proof { get; set; }

    /// <summary>The challenge the review page carries: a fresh one, or the posted one while its wait is not over.</summary>
    public string SendChallenge => _sendChallenge ??= sendGate.Challenges.Issue(Answers.SubmissionId);

    public int SendDifficulty => sendGate.Challenges.DifficultyOf(SendChallenge);

    private string? _sendChallenge;

    /// <summary>Photos chosen on the review page; never kept in the draft, sealed at once when sent.</summary>
    [BindProperty]
    public List<IFormFile>? Photos { get; set; }

    /// <summary>After sending: how many photos arrived, and how many carried hidden details that were removed.</summary>
    public (int Received, int Cleaned) PhotoOutcome { get; private set; }

    public FormState State { get; internal set; } = FormState.Step;

    public ReportStep Step { get; private set; }

    public ReportDraft Answers { get; private set; } = new();

    /// <summary>The draft field to render (never the posted one, which ModelState would echo back).</summary>
    public string NewDraft { get; private set; } = string.Empty;

    public string? ReceiptText { get; private set; }

    public sealed class StepInput
    {
        public string? Urgent { get; set; }

        public string? Kind { get; set; }

        public string? When { get; set; }

        public string? WhenDate { get; set; }

        public string? WhenTime { get; set; }

        public string? Country { get; set; }

        public string? City { get; set; }

        public string? PlaceKind { get; set; }

        public string? PlaceName { get; set; }

        public string? Place { get; set; }

        public string? Coordinates { get; set; }

        public string? SuspectName { get; set; }

        public string? SuspectDescription { get; set; }

        public string? SuspectAge { get; set; }

        public string? SuspectNationality { get; set; }

        public string? SuspectVehicle { get; set; }

        public string? SuspectTravel { get; set; }

        public string? SuspectStay { get; set; }

        public string? ChildrenCount { get; set; }

        public string? ChildrenAge { get; set; }

        public string? ChildrenGender { get; set; }

        public string? ChildrenDescription { get; set; }

        public string? WhatHappened { get; set; }

        public List<string>? AlreadyActed { get; set; }

        public string? ActedDetails { get; set; }

        public string? Contact { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public string? FollowUp { get; set; }

        public bool SavedIt { get; set; }

        /// <summary>The honeypot: invisible to people, filled in by form-filling robots.</summary>
        public string? Website { get; set; }
    }

    public IEnumerable<SelectListItem> CountryItems =>
        new[] { new SelectListItem(texts["Report.Where.CountryChoose"], string.Empty) }
            .Concat(Countries.Sorted(texts).Select(c => new SelectListItem(c.Name, c.Code)))
            .Append(new SelectListItem(texts["Report.Where.OtherCountry"], Countries.Other));

    /// <summary>The optional answers the reporter filled in, as (label key, text) for the review page.</summary>
    public IEnumerable<(string Label, string Value)> ReviewLines()
    {
        var a = Answers;
        var lines = new List<(string, string?)>
        {
            ("Report.When.Date", a.OnDate is { } d ? d.ToString("D", Cultures.Specific(Cultures.Current)) + (a.AtTime is { } t ? " " + t.ToString("HH:mm", CultureInfo.InvariantCulture) : string.Empty) : null),
            ("Report.Where.City", a.City),
            ("Report.Where.PlaceKind", a.PlaceKind is { } pk ? texts["Report.PlaceKind." + pk].Value : null),
            ("Report.Where.PlaceName", a.PlaceName),
            ("Report.Where.Place", a.Place),
            ("Report.Where.Coordinates", a.Coordinates),
            ("Report.Suspect.Name", a.Suspect?.Name),
            ("Report.Suspect.Description", a.Suspect?.Description),
            ("Report.Suspect.Age", a.Suspect?.Age),
            ("Report.Suspect.Nationality", a.Suspect?.Nationality),
            ("Report.Suspect.Vehicle", a.Suspect?.Vehicle),
            ("Report.Suspect.Travel", a.Suspect?.Travel),
            ("Report.Suspect.Stay", a.Suspect?.Stay),
            ("Report.Children.Count", a.Children?.Count is { } cc ? texts["Report.ChildrenCount." + cc].Value : null),
            ("Report.Children.Age", a.Children?.Age),
            ("Report.Children.Gender", a.Children?.Gender is { } g ? texts["Report.Gender." + g].Value : null),
            ("Report.Children.Description", a.Children?.Description),
            ("Report.Acted.Question", a.AlreadyActed.Count > 0 ? string.Join(", ", a.AlreadyActed.Select(x => texts["Report.Acted." + x].Value)) : null),
            ("Report.Acted.Details", a.ActedDetails),
        };
        return lines.Where(l => !string.IsNullOrEmpty(l.Item2)).Select(l => (l.Item1, l.Item2!));
    }

    public static string CountryName(string? code, Texts t) =>
        Countries.IsKnown(code) ? Countries.Name(t, code!) : string.Empty;

    public IActionResult OnGet(string? urgent)
    {
        Answers = new ReportDraft();
        if (urgent is "yes" or "no")
        {
            Answers.Urgent = urgent == "yes";
            return Show(ReportStep.Country);
        }

        return Show(ReportStep.Urgency);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Go == "saved")
        {
            return Saved();
        }

        var draft = drafts.Read(Draft);
        if (draft is null || PostedStep is not { } step || !Enum.IsDefined(step))
        {
            // Expired, altered or forged: nothing of it can be trusted, so nothing of it is kept.
            State = FormState.Expired;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Answers = draft;
        switch (Go)
        {
            case "back":
                ApplyStep(step, validate: false);
                ModelState.Clear();
                return Show(step == ReportStep.Urgency ? step : step - 1);
            case "send" when step == ReportStep.Review:
                return await SendAsync(ct);
            default:
                if (!ApplyStep(step, validate: true))
                {
                    Step = step;
                    NewDraft = drafts.Protect(Answers);
                    Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    return Page();
                }

                ModelState.Clear();
                return Show(step == ReportStep.Review ? step : step + 1);
        }
    }

    private async Task<IActionResult> SendAsync(CancellationToken ct)
    {
        // Every step again: the draft is ours (authenticated), but a step may have been skipped by a forged "go".
        var missing = FirstIncompleteStep(Answers);
        if (missing is { } m)
        {
            ModelState.AddModelError(string.Empty, texts["Report.Review.Incomplete"]);
            Step = m;
            FillInput();
            NewDraft = drafts.Protect(Answers);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var decision = string.IsNullOrEmpty(Input.Website)
            ? await sendGate.DecideAsync(HttpContext, Answers.SubmissionId, PostedChallenge, Proof, ct)
            : SendDecision.Busy;
        if (decision == SendDecision.AlreadyFiled)
        {
            State = FormState.AlreadySent;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (decision == SendDecision.NotYet)
        {
            // Sent sooner than the page allows without a proof of work: the same challenge, so the wait goes on.
            ModelState.AddModelError(string.Empty, texts["Report.Send.Wait"]);
            _sendChallenge = sendGate.Challenges.Check(PostedChallenge, null, Answers.SubmissionId) == ChallengeOutcome.TooEarly ? PostedChallenge : null;
            Step = ReportStep.Review;
            NewDraft = drafts.Protect(Answers);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        if (decision != SendDecision.Go)
        {
            // A robot, or a flood: nothing is filed, the answers stay in the draft, a person can send again.
            ModelState.AddModelError(string.Empty, texts["Report.Send.TryAgain"]);
            Step = ReportStep.Review;
            NewDraft = drafts.Protect(Answers);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var photos = await PhotoUploads.CleanAsync(Photos, ModelState, nameof(Photos), texts, ct);
        if (photos is null)
        {
            Step = ReportStep.Review;
            NewDraft = drafts.Protect(Answers);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var a = Answers;
        var answers = new ReportAnswers(a.Urgent!.Value, a.Kind!, a.When ?? string.Empty, a.Country!, a.Place ?? string.Empty, a.WhatHappened!,
            a.City, a.PlaceKind, a.PlaceName, a.Coordinates, a.Suspect, a.Children,
            a.AlreadyActed.Count > 0 ? a.AlreadyActed : null, a.ActedDetails, a.OnDate, a.AtTime);
        var contact = a.WantsContact && (a.Email ?? a.Phone ?? a.Name) is not null
            ? new ReporterContact(a.Email, a.Name, a.Phone, a.PoliceMayContact)
            : null;
        var result = await intake.FileAsync(answers, contact, Answers.SubmissionId, photos, ct);
        if (result.Outcome == IntakeOutcome.NotOpen)
        {
            State = FormState.NotOpen;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        if (result.Receipt is null)
        {
            State = FormState.AlreadySent;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        PhotoOutcome = (photos.Count, photos.Count(p => p.HadHiddenDetails));
        return ShowReceipt(result.Receipt.ToDisplayString());
    }

    private PageResult Saved()
    {
        var receipt = ReadReceipt(ProtectedReceipt);
        if (receipt is null)
        {
            State = FormState.Expired;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!Input.SavedIt)
        {
            ModelState.AddModelError("Input.SavedIt", texts["Report.Receipt.ConfirmRequired"]);
            return ShowReceipt(receipt);
        }

        State = FormState.Thanks;
        return Page();
    }

    private PageResult ShowReceipt(string receipt)
    {
        State = FormState.Receipt;
        ReceiptText = receipt;
        // Only to show it again if the box was not ticked; it expires quickly and opens nothing by itself.
        ProtectedReceipt = protection.CreateProtector(ReceiptPurpose).ToTimeLimitedDataProtector()
            .Protect(receipt, TimeSpan.FromMinutes(30));
        ModelState.Remove(nameof(ProtectedReceipt));
        return Page();
    }

    private string? ReadReceipt(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2000)
        {
            return null;
        }

        try
        {
            var text = protection.CreateProtector(ReceiptPurpose).ToTimeLimitedDataProtector().Unprotect(value);
            return Receipt.TryParse(text, out _) ? text : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private PageResult Show(ReportStep step)
    {
        Step = step;
        FillInput();
        NewDraft = drafts.Protect(Answers);
        return Page();
    }

    private void FillInput()
    {
        var a = Answers;
        Input = new StepInput
        {
            Urgent = a.Urgent is { } u ? (u ? "yes" : "no") : null,
            Kind = a.Kind,
            When = a.When,
            WhenDate = a.OnDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            WhenTime = a.AtTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
            Country = a.Country,
            City = a.City,
            PlaceKind = a.PlaceKind,
            PlaceName = a.PlaceName,
            Place = a.Place,
            Coordinates = a.Coordinates,
            SuspectName = a.Suspect?.Name,
            SuspectDescription = a.Suspect?.Description,
            SuspectAge = a.Suspect?.Age,
            SuspectNationality = a.Suspect?.Nationality,
            SuspectVehicle = a.Suspect?.Vehicle,
            SuspectTravel = a.Suspect?.Travel,
            SuspectStay = a.Suspect?.Stay,
            ChildrenCount = a.Children?.Count,
            ChildrenAge = a.Children?.Age,
            ChildrenGender = a.Children?.Gender,
            ChildrenDescription = a.Children?.Description,
            WhatHappened = a.WhatHappened,
            AlreadyActed = [.. a.AlreadyActed],
            ActedDetails = a.ActedDetails,
            Contact = a.WantsContact ? "contact" : "anonymous",
            Name = a.Name,
            Email = a.Email,
            Phone = a.Phone,
            FollowUp = a.PoliceMayContact ? "police" : "ngo",
        };
    }

    /// <summary>Copies the fields of <paramref name="step"/> into the draft. With validation, refuses (and says why) bad values.</summary>
    private bool ApplyStep(ReportStep step, bool validate)
    {
        var ok = true;
        void Error(string field, string key, int max = 0)
        {
            ok = false;
            if (validate)
            {
                // Validation.TooLong reads its limit from {1}, as DataAnnotations' StringLength passes it.
                ModelState.AddModelError("Input." + field, max > 0 ? texts[key, field, max] : texts[key]);
            }
        }

        // A free-text answer that must be there and must fit: the cleaned text, or null after saying why.
        string? RequiredText(string field, string? cleaned, int max)
        {
            if (string.IsNullOrEmpty(cleaned))
            {
                Error(field, "Validation.Required");
                return null;
            }

            if (cleaned.Length > max)
            {
                Error(field, "Validation.TooLong", max);
                return null;
            }

            return cleaned;
        }

        // An optional one: null when empty; when too long, the error, and the text is kept as typed so nothing
        // is lost (the reporter shortens it on the same page).
        string? OptionalText(string field, string? raw, int max, bool multiline = false)
        {
            var cleaned = multiline ? TextInput.CleanMultiline(raw) : TextInput.Clean(raw);
            if (string.IsNullOrEmpty(cleaned))
            {
                return null;
            }

            if (cleaned.Length > max)
            {
                Error(field, "Validation.TooLong", max);
            }

            return cleaned;
        }

        string? Choice(string field, IReadOnlyList<string> list, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (!ReportChoices.In(list, value))
            {
                Error(field, "Validation.Choice");
                return null;
            }

            return value;
        }

        var i = Input;
        switch (step)
        {
            case ReportStep.Urgency:
                if (i.Urgent is "yes" or "no")
                {
                    Answers.Urgent = i.Urgent == "yes";
                }
                else
                {
                    Error(nameof(i.Urgent), "Report.Urgency.Required");
                }

                break;
            case ReportStep.Country:
                if (Countries.IsKnown(i.Country))
                {
                    Answers.Country = i.Country;
                }
                else
                {
                    Error(nameof(i.Country), "Report.Where.CountryRequired");
                }

                break;
            case ReportStep.Kind:
                if (ReportKinds.IsKnown(i.Kind))
                {
                    Answers.Kind = i.Kind;
                }
                else
                {
                    Error(nameof(i.Kind), "Report.Kind.Required");
                }

                break;
            case ReportStep.When:
                // An exact date (and time), or a description, or both; one of them is needed.
                Answers.When = OptionalText(nameof(i.When), i.When, MaxWhen);
                Answers.OnDate = null;
                Answers.AtTime = null;
                if (!string.IsNullOrWhiteSpace(i.WhenDate))
                {
                    var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                    if (!ReportDates.TryParseDate(i.WhenDate, out var date))
                    {
                        Error(nameof(i.WhenDate), "Report.When.DateInvalid");
                    }
                    else if (date > today.AddDays(1))
                    {
                        Error(nameof(i.WhenDate), "Report.When.DateFuture");
                    }
                    else if (date < ReportDates.Earliest)
                    {
                        Error(nameof(i.WhenDate), "Report.When.DateTooOld");
                    }
                    else
                    {
                        Answers.OnDate = date;
                    }
                }

                if (!string.IsNullOrWhiteSpace(i.WhenTime))
                {
                    if (ReportDates.TryParseTime(i.WhenTime, out var time))
                    {
                        Answers.AtTime = time;
                    }
                    else
                    {
                        Error(nameof(i.WhenTime), "Report.When.TimeInvalid");
                    }
                }

                if (Answers.OnDate is null && string.IsNullOrEmpty(Answers.When) && string.IsNullOrWhiteSpace(i.WhenDate))
                {
                    Error(nameof(i.When), "Report.When.Required");
                }

                break;
            case ReportStep.Where:
                Answers.City = OptionalText(nameof(i.City), i.City, MaxShort);
                Answers.PlaceKind = Choice(nameof(i.PlaceKind), ReportChoices.PlaceKinds, i.PlaceKind);
                Answers.PlaceName = OptionalText(nameof(i.PlaceName), i.PlaceName, MaxShort);
                Answers.Place = OptionalText(nameof(i.Place), i.Place, MaxPlace);
                var coordinates = TextInput.Clean(i.Coordinates);
                if (string.IsNullOrEmpty(coordinates))
                {
                    Answers.Coordinates = null;
                }
                else if (GeoPoint.TryParse(coordinates) is { } point)
                {
                    Answers.Coordinates = point;
                }
                else
                {
                    Answers.Coordinates = coordinates.Length <= MaxShort ? coordinates : coordinates[..MaxShort];
                    Error(nameof(i.Coordinates), "Report.Where.CoordinatesInvalid");
                }

                break;
            case ReportStep.Suspect:
                var suspect = new SuspectDetails(
                    OptionalText(nameof(i.SuspectName), i.SuspectName, MaxShort),
                    OptionalText(nameof(i.SuspectDescription), i.SuspectDescription, MaxLong, multiline: true),
                    OptionalText(nameof(i.SuspectAge), i.SuspectAge, MaxShort),
                    OptionalText(nameof(i.SuspectNationality), i.SuspectNationality, MaxShort),
                    OptionalText(nameof(i.SuspectVehicle), i.SuspectVehicle, MaxShort),
                    OptionalText(nameof(i.SuspectTravel), i.SuspectTravel, MaxPlace),
                    OptionalText(nameof(i.SuspectStay), i.SuspectStay, MaxPlace));
                Answers.Suspect = suspect == new SuspectDetails(null, null, null, null, null, null, null) ? null : suspect;
                break;
            case ReportStep.Children:
                var children = new ChildrenDetails(
                    Choice(nameof(i.ChildrenCount), ReportChoices.ChildrenCounts, i.ChildrenCount),
                    OptionalText(nameof(i.ChildrenAge), i.ChildrenAge, MaxShort),
                    Choice(nameof(i.ChildrenGender), ReportChoices.Genders, i.ChildrenGender),
                    OptionalText(nameof(i.ChildrenDescription), i.ChildrenDescription, MaxLong, multiline: true));
                Answers.Children = children == new ChildrenDetails(null, null, null, null) ? null : children;
                break;
            case ReportStep.What:
                var whatRaw = TextInput.CleanMultiline(i.WhatHappened);
                if (RequiredText(nameof(i.WhatHappened), whatRaw, MaxWhatHappened) is { } what)
                {
                    Answers.WhatHappened = what;
                }
                else if (!string.IsNullOrEmpty(whatRaw))
                {
                    Answers.WhatHappened = whatRaw; // too long: kept so the reporter can shorten it
                }

                var acted = (i.AlreadyActed ?? []).Distinct(StringComparer.Ordinal).Take(ReportChoices.Actors.Count + 1).ToList();
                if (acted.Any(a => !ReportChoices.In(ReportChoices.Actors, a)))
                {
                    Error(nameof(i.AlreadyActed), "Validation.Choice");
                    acted = [.. acted.Where(a => ReportChoices.In(ReportChoices.Actors, a))];
                }

                Answers.AlreadyActed = acted;
                Answers.ActedDetails = OptionalText(nameof(i.ActedDetails), i.ActedDetails, MaxLong, multiline: true);
                break;
            case ReportStep.Reporter:
                if (i.Contact == "contact")
                {
                    Answers.WantsContact = true;
                    Answers.Name = OptionalText(nameof(i.Name), i.Name, MaxShort);
                    var email = TextInput.Clean(i.Email);
                    Answers.Email = string.IsNullOrEmpty(email) ? null : email;
                    if (Answers.Email is { } e && !ValidEmail(e))
                    {
                        Error(nameof(i.Email), "Validation.Email");
                    }

                    var phone = TextInput.Clean(i.Phone);
                    Answers.Phone = string.IsNullOrEmpty(phone) ? null : phone;
                    if (Answers.Phone is { } p && !ValidPhone(p))
                    {
                        Error(nameof(i.Phone), "Report.Reporter.PhoneInvalid");
                    }

                    if (Answers.Email is null && Answers.Phone is null)
                    {
                        Error(nameof(i.Email), "Report.Reporter.EmailOrPhone");
                    }

                    Answers.PoliceMayContact = i.FollowUp == "police";
                }
                else if (i.Contact == "anonymous" || !validate)
                {
                    Answers.WantsContact = false;
                    Answers.Name = Answers.Email = Answers.Phone = null;
                    Answers.PoliceMayContact = false;
                }
                else
                {
                    Error(nameof(i.Contact), "Validation.Required");
                }

                break;
        }

        return ok;
    }

    public static ReportStep? FirstIncompleteStep(ReportDraft d) =>
        d.Urgent is null ? ReportStep.Urgency
        : !Countries.IsKnown(d.Country) ? ReportStep.Country
        : !ReportKinds.IsKnown(d.Kind) ? ReportStep.Kind
        : (string.IsNullOrEmpty(d.When) && d.OnDate is null) || d.When?.Length > MaxWhen ? ReportStep.When
        : TooLong(d.City, d.PlaceName) || d.Place?.Length > MaxPlace || (d.Coordinates is not null && GeoPoint.TryParse(d.Coordinates) is null) ? ReportStep.Where
        : d.Suspect is { } s && (TooLong(s.Name, s.Age, s.Nationality, s.Vehicle) || s.Description?.Length > MaxLong || s.Travel?.Length > MaxPlace || s.Stay?.Length > MaxPlace) ? ReportStep.Suspect
        : d.Children is { } c && (TooLong(c.Age) || c.Description?.Length > MaxLong) ? ReportStep.Children
        : string.IsNullOrEmpty(d.WhatHappened) || d.WhatHappened.Length > MaxWhatHappened || d.ActedDetails?.Length > MaxLong ? ReportStep.What
        : d.WantsContact && ((d.Email is null && d.Phone is null) || (d.Email is { } e && !ValidEmail(e)) || (d.Phone is { } p && !ValidPhone(p))
            || d.Name?.Length > MaxShort) ? ReportStep.Reporter
        : null;

    private static bool ValidEmail(string email) => email.Length <= MaxEmail && new EmailAddressAttribute().IsValid(email);

    private static bool ValidPhone(string phone) =>
        phone.Length <= MaxPhone && phone.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')' or '.' or '/');

    private static bool TooLong(params string?[] shortTexts) => shortTexts.Any(t => t?.Length > MaxShort);
}
