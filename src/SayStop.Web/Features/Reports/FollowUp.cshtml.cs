using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Reports;

/// <summary>
/// The reporter comes back with their receipt: the status in plain words, the case handlers' questions, and a
/// form to answer. Every wrong receipt gets the same answer after the same Argon2id work, whether or not its locator
/// exists; each client has its own small budget of checks (an in-memory partition, no address kept) and each locator
/// slows down after wrong secrets (<see cref="FollowUpThrottle"/>), so a flood from one client locks nobody else out.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[RequestSizeLimit(FormModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FormModel.MaxRequestBytes)]
[Infrastructure.Files.StreamedForm(FormModel.MaxRequestBytes, PhotoCleaner.MaxBytes, PhotoCleaner.MaxPerMessage)]
public sealed class FollowUpModel(ReportFollowUp followUp, FollowUpThrottle throttle, ClientPartitions clients, IDataProtectionProvider protection, Texts texts) : PageModel
{
    private const string Purpose = "Reports.FollowUp.Receipt.v1";

    [BindProperty]
    public string? Receipt { get; set; }

    [BindProperty]
    public string? ProtectedReceipt { get; set; }

    [BindProperty]
    public string? Reply { get; set; }

    [BindProperty(Name = "go")]
    public string? Go { get; set; }

    [BindProperty]
    public List<IFormFile>? Photos { get; set; }

    public FollowUpView? View { get; private set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Go == "reply")
        {
            return await ReplyAsync(ct);
        }

        var typed = Receipt is { Length: <= 100 } ? Receipt : null;
        if (!SayStop.Sealing.Receipt.TryParse(typed, out var parsed))
        {
            // Malformed: it cannot open anything and says nothing about any report, so it costs no check.
            return Wrong();
        }

        if (!throttle.TryEnter(clients.KeyOf(HttpContext)))
        {
            return Busy();
        }

        await throttle.WaitForAsync(parsed.Locator, ct);
        View = await followUp.OpenAsync(typed, ct);
        if (View is null)
        {
            throttle.RecordWrong(parsed.Locator);
            return Wrong();
        }

        return Opened(typed!);
    }

    private PageResult Wrong()
    {
        ModelState.AddModelError(nameof(Receipt), texts["Report.FollowUp.Wrong"]);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private PageResult Busy()
    {
        ModelState.AddModelError(string.Empty, texts["Report.FollowUp.Busy"]);
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Page();
    }

    private async Task<IActionResult> ReplyAsync(CancellationToken ct)
    {
        var receipt = Unprotect(ProtectedReceipt);
        if (receipt is null)
        {
            ModelState.AddModelError(nameof(Receipt), texts["Report.FollowUp.Expired"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The receipt was checked when the page opened (it comes back protected): only this client's budget applies.
        if (!throttle.TryEnter(clients.KeyOf(HttpContext)))
        {
            return Busy();
        }

        var text = TextInput.CleanMultiline(Reply);
        if (string.IsNullOrEmpty(text) || text.Length > ReportFollowUp.MaxMessageLength)
        {
            ModelState.AddModelError(nameof(Reply), string.IsNullOrEmpty(text)
                ? texts["Validation.Required"]
                : texts["Validation.TooLong", nameof(Reply), ReportFollowUp.MaxMessageLength]);
            View = await followUp.OpenAsync(receipt, ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View is null ? Page() : Opened(receipt);
        }

        var photos = await PhotoUploads.CleanAsync(Photos, ModelState, nameof(Photos), texts, ct);
        if (photos is null)
        {
            View = await followUp.OpenAsync(receipt, ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View is null ? Page() : Opened(receipt);
        }

        if (!await followUp.ReplyAsync(receipt, text, photos, ct))
        {
            ModelState.AddModelError(nameof(Receipt), texts["Report.FollowUp.Wrong"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        View = await followUp.OpenAsync(receipt, ct);
        Message = texts["Report.FollowUp.ReplySent"];
        ModelState.Remove(nameof(Reply));
        Reply = null;
        return View is null ? Page() : Opened(receipt);
    }

    private PageResult Opened(string receipt)
    {
        // The receipt rides along for the answer form only, encrypted and short-lived; it never reaches a cookie.
        ProtectedReceipt = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Protect(receipt, TimeSpan.FromMinutes(30));
        ModelState.Remove(nameof(ProtectedReceipt));
        ModelState.Remove(nameof(Receipt));
        Receipt = null;
        return Page();
    }

    private string? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2000)
        {
            return null;
        }

        try
        {
            return protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
