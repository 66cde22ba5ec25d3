using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Reports;

public enum SendDecision
{
    Go,

    /// <summary>This draft was filed before: a replay or a double click, told so, nothing spent.</summary>
    AlreadyFiled,

    /// <summary>No proof of work and not waited long enough, or no valid challenge: the review page again.</summary>
    NotYet,

    /// <summary>This client's budget (or, last resort, the site's) is used up for now.</summary>
    Busy,
}

/// <summary>
/// What the send step passes before anything costly (photos, Argon2id, sealing): the proof of work or the wait
/// (microseconds), then "already filed?" (one indexed lookup), and only then a permit of this client's own budget
/// and the site's. A refused request spends nobody else's permit, and a replay spends none.
/// </summary>
public sealed class ReportSendGate(SendChallenges challenges, SubmissionThrottle throttle, ClientPartitions clients, AppDbContext db)
{
    public SendChallenges Challenges => challenges;

    public async Task<SendDecision> DecideAsync(HttpContext http, Guid submissionId, string? challenge, string? proof, CancellationToken ct)
    {
        if (challenges.Check(challenge, proof, submissionId) is ChallengeOutcome.Invalid or ChallengeOutcome.TooEarly)
        {
            return SendDecision.NotYet;
        }

        if (await db.Set<Report>().AnyAsync(r => r.SubmissionId == submissionId, ct))
        {
            return SendDecision.AlreadyFiled;
        }

        return throttle.TryEnter(clients.KeyOf(http)) ? SendDecision.Go : SendDecision.Busy;
    }
}
