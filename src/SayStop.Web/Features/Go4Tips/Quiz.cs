using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A "test yourself" round: ten auto-graded cards in random order and the score so far, carried by the form
/// itself (protected, so the score cannot be edited) rather than stored: a quiz leaves no trace and needs no
/// cookie. Posting the same answer twice gives the same page, never a doubled score.
/// </summary>
public sealed record Quiz(IReadOnlyList<Guid> Cards, int Index, int Score)
{
    public const int Length = 10;

    public bool Finished => Index >= Cards.Count;

    public Guid Current => Cards[Index];

    public Quiz Answered(bool right) => this with { Index = Index + 1, Score = Score + (right ? 1 : 0) };

    public static Quiz Start(IEnumerable<Guid> autoGradedCards) =>
        new(autoGradedCards.OrderBy(_ => Random.Shared.Next()).Take(Length).ToList(), 0, 0);
}

public sealed class QuizStates(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Go4Tips.Quiz.v1");

    public string Protect(Quiz quiz, Guid deckId) => _protector.Protect(string.Join('|',
        deckId.ToString("N"), string.Join(',', quiz.Cards.Select(c => c.ToString("N"))),
        quiz.Index.ToString(CultureInfo.InvariantCulture), quiz.Score.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The quiz in a posted form, or null when it is missing, altered, or belongs to another deck.</summary>
    public Quiz? Read(string? value, Guid deckId)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 4000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            if (parts.Length != 4 || parts[0] != deckId.ToString("N"))
            {
                return null;
            }

            var cards = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => Guid.ParseExact(p, "N")).ToList();
            var index = int.Parse(parts[2], CultureInfo.InvariantCulture);
            var score = int.Parse(parts[3], CultureInfo.InvariantCulture);
            return cards.Count > 0 && index >= 0 && index <= cards.Count && score >= 0 && score <= index ? new Quiz(cards, index, score) : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }
}
