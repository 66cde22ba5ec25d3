using System.ComponentModel.DataAnnotations;
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
    Kind,
    When,
    Where,
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
public sealed class FormModel(ReportDrafts drafts, ReportIntake intake, IDataProtectionProvider protection, Texts texts) : PageModel
{
    public const int MaxWhen = 200;
    public const int MaxPlace = 300;
    public const int MaxWhatHappened = 5000;
    public const int MaxEmail = 254;

    private const string ReceiptPurpose = "Reports.Receipt.v1";

    public enum FormState
    {
        Step,
        Expired,
        AlreadySent,
        Receipt,
        Thanks,
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

    public FormState State { get; private set; } = FormState.Step;

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

        public string? Country { get; set; }

        public string? Place { get; set; }

        public string? WhatHappened { get; set; }

        public string? Contact { get; set; }

        public string? Email { get; set; }

        public bool SavedIt { get; set; }
    }

    public IEnumerable<SelectListItem> CountryItems =>
        new[] { new SelectListItem(texts["Report.Where.CountryChoose"], string.Empty) }
            .Concat(Countries.Sorted(texts).Select(c => new SelectListItem(c.Name, c.Code)))
            .Append(new SelectListItem(texts["Report.Where.OtherCountry"], Countries.Other));

    public static string CountryName(string? code, Texts t) =>
        Countries.IsKnown(code) ? Countries.Name(t, code!) : string.Empty;

    public IActionResult OnGet(string? urgent)
    {
        Answers = new ReportDraft();
        if (urgent is "yes" or "no")
        {
            Answers.Urgent = urgent == "yes";
            return Show(ReportStep.Kind);
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

        var answers = new ReportAnswers(Answers.Urgent!.Value, Answers.Kind!, Answers.When!, Answers.Country!,
            Answers.Place ?? string.Empty, Answers.WhatHappened!);
        var contact = Answers.WantsContact && !string.IsNullOrEmpty(Answers.Email) ? new ReporterContact(Answers.Email) : null;
        var result = await intake.FileAsync(answers, contact, Answers.SubmissionId, ct);
        if (result.Receipt is null)
        {
            State = FormState.AlreadySent;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

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
        Input = new StepInput
        {
            Urgent = Answers.Urgent is { } u ? (u ? "yes" : "no") : null,
            Kind = Answers.Kind,
            When = Answers.When,
            Country = Answers.Country,
            Place = Answers.Place,
            WhatHappened = Answers.WhatHappened,
            Contact = Answers.WantsContact ? "email" : "anonymous",
            Email = Answers.Email,
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

        switch (step)
        {
            case ReportStep.Urgency:
                if (Input.Urgent is "yes" or "no")
                {
                    Answers.Urgent = Input.Urgent == "yes";
                }
                else
                {
                    Error(nameof(Input.Urgent), "Report.Urgency.Required");
                }

                break;
            case ReportStep.Kind:
                if (ReportKinds.IsKnown(Input.Kind))
                {
                    Answers.Kind = Input.Kind;
                }
                else
                {
                    Error(nameof(Input.Kind), "Report.Kind.Required");
                }

                break;
            case ReportStep.When:
                if (RequiredText(nameof(Input.When), TextInput.Clean(Input.When), MaxWhen) is { } when)
                {
                    Answers.When = when;
                }

                break;
            case ReportStep.Where:
                var place = TextInput.Clean(Input.Place);
                if (!Countries.IsKnown(Input.Country))
                {
                    Error(nameof(Input.Country), "Report.Where.CountryRequired");
                }
                else
                {
                    Answers.Country = Input.Country;
                }

                if (place is { Length: > MaxPlace })
                {
                    Error(nameof(Input.Place), "Validation.TooLong", MaxPlace);
                }
                else
                {
                    Answers.Place = place;
                }

                break;
            case ReportStep.What:
                if (RequiredText(nameof(Input.WhatHappened), TextInput.CleanMultiline(Input.WhatHappened), MaxWhatHappened) is { } what)
                {
                    Answers.WhatHappened = what;
                }

                break;
            case ReportStep.Reporter:
                var email = TextInput.Clean(Input.Email);
                if (Input.Contact == "email")
                {
                    if (string.IsNullOrEmpty(email))
                    {
                        Error(nameof(Input.Email), "Validation.Required");
                    }
                    else if (email.Length > MaxEmail || !new EmailAddressAttribute().IsValid(email))
                    {
                        Error(nameof(Input.Email), "Validation.Email");
                    }
                    else
                    {
                        Answers.WantsContact = true;
                        Answers.Email = email;
                    }
                }
                else if (Input.Contact == "anonymous" || !validate)
                {
                    Answers.WantsContact = false;
                    Answers.Email = null;
                }
                else
                {
                    Error(nameof(Input.Contact), "Validation.Required");
                }

                break;
        }

        return ok;
    }

    public static ReportStep? FirstIncompleteStep(ReportDraft d) =>
        d.Urgent is null ? ReportStep.Urgency
        : !ReportKinds.IsKnown(d.Kind) ? ReportStep.Kind
        : string.IsNullOrEmpty(d.When) ? ReportStep.When
        : !Countries.IsKnown(d.Country) ? ReportStep.Where
        : string.IsNullOrEmpty(d.WhatHappened) ? ReportStep.What
        : d.WantsContact && string.IsNullOrEmpty(d.Email) ? ReportStep.Reporter
        : null;
}
