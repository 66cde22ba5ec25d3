namespace SayStop.Web.Features.Desk;

/// <summary>The unlock form's model: which page handler receives it, where to go next, and drafts to keep.</summary>
public sealed record UnlockForm(string? Handler, string? ReturnUrl, string? Question, string? Note);
