using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace SayStop.Web.Features.Reports;

public enum ChallengeOutcome
{
    /// <summary>A proof of work with enough leading zero bits.</summary>
    Solved,

    /// <summary>No proof, but the page has been on screen long enough (the no-JavaScript way).</summary>
    Waited,

    /// <summary>Genuine, but neither solved nor waited yet: the same challenge is shown again.</summary>
    TooEarly,

    /// <summary>Missing, forged, expired, or issued for another draft.</summary>
    Invalid,
}

/// <summary>
/// The send step's proof of work, kept by nobody: a Data-Protection-protected token (random nonce, the draft's
/// submission id, difficulty, the earliest time a send without proof is accepted) is put in the review page;
/// <c>js/report-send.js</c> finds a counter such that SHA-256(token ":" counter) starts with that many zero bits.
/// Checking it is one unprotect and one hash, microseconds, before anything expensive. It is bound to the draft's
/// submission id, which files at most once (a unique index), so one solved challenge is worth one report at most.
/// </summary>
public sealed class SendChallenges(IDataProtectionProvider protection, ReportsOptions options, TimeProvider clock)
{
    public const string Purpose = "Reports.SendChallenge.v1";

    /// <summary>Far above an honest token's length: anything longer is not even decoded.</summary>
    public const int MaxTokenLength = 512;

    private const int PayloadLength = 16 + 16 + 1 + 8;

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Issue(Guid submissionId)
    {
        var payload = new byte[PayloadLength];
        RandomNumberGenerator.Fill(payload.AsSpan(0, 16));
        submissionId.TryWriteBytes(payload.AsSpan(16, 16));
        payload[32] = (byte)options.SendChallengeDifficulty;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(33), (clock.GetUtcNow() + options.NoScriptWait).ToUnixTimeMilliseconds());
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload, clock.GetUtcNow() + ReportDrafts.Lifetime));
    }

    /// <summary>The difficulty a token asks for (for the page's script), or 0 for a token that does not read.</summary>
    public int DifficultyOf(string token) => Read(token) is { } p ? p[32] : 0;

    public ChallengeOutcome Check(string? token, string? proof, Guid submissionId)
    {
        var payload = Read(token);
        if (payload is null || !submissionId.Equals(new Guid(payload.AsSpan(16, 16))))
        {
            return ChallengeOutcome.Invalid;
        }

        if (IsSolved(token!, proof, payload[32]))
        {
            return ChallengeOutcome.Solved;
        }

        var earliest = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(33)));
        return clock.GetUtcNow() >= earliest ? ChallengeOutcome.Waited : ChallengeOutcome.TooEarly;
    }

    /// <summary>True when SHA-256 of "token:proof" (UTF-8) starts with <paramref name="difficulty"/> zero bits.</summary>
    public static bool IsSolved(string token, string? proof, int difficulty)
    {
        if (proof is not { Length: > 0 and <= 12 } || !proof.All(char.IsAsciiDigit))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token + ":" + proof), hash);
        return LeadingZeroBits(hash) >= difficulty;
    }

    /// <summary>What the reporter's browser does, for tests and the benchmark's clients.</summary>
    public static string Solve(string token, int difficulty)
    {
        for (long counter = 0; ; counter++)
        {
            var proof = counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (IsSolved(token, proof, difficulty))
            {
                return proof;
            }
        }
    }

    private static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            return bits + System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
        }

        return bits;
    }

    private byte[]? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length == PayloadLength ? payload : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
