using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The one-time token each shown card carries in its answer form: which learner, which card, which version of
/// that learner's card state. Protected, so a visitor can neither forge one for another learner nor alter the
/// version to have an answer counted twice.
/// </summary>
public sealed class AnswerTokens(IDataProtectionProvider protection)
{
    public readonly record struct AnswerSlot(Guid LearnerId, Guid CardId, int Version);

    private readonly IDataProtector _protector = protection.CreateProtector("Go4Tips.Answer.v1");

    public string Issue(AnswerSlot slot) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{slot.LearnerId:N}|{slot.CardId:N}|{slot.Version}"));

    public AnswerSlot? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return parts.Length == 3
                   && Guid.TryParseExact(parts[0], "N", out var learner)
                   && Guid.TryParseExact(parts[1], "N", out var card)
                   && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? new AnswerSlot(learner, card, version)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
