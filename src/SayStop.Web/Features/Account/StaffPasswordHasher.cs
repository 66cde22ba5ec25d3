using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using NSec.Cryptography;
using SayStop.Sealing;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Staff password hashes in Argon2id at the very cost that wraps a case handler's private key
/// (<c>Reports:KeyCost</c>): the same password protects both, so a weaker hash next to the key would be the one an
/// offline attacker guesses against. Stored in the PHC string format libsodium and the Argon2 reference use,
/// <c>$argon2id$v=19$m=65536,t=1,p=1$salt$hash</c>, so each hash says its own cost. Identity's PBKDF2 hashes (and
/// Argon2id hashes at a lower cost than today's) still verify, and Identity replaces them at the next sign-in
/// (<see cref="PasswordVerificationResult.SuccessRehashNeeded"/>).
/// </summary>
public sealed class StaffPasswordHasher(ReportsOptions options, Argon2Gate gate) : IPasswordHasher<StaffUser>
{
    /// <summary>The prefix of this format; version 19 (0x13) is the Argon2 version libsodium computes.</summary>
    public const string Prefix = "$argon2id$v=19$";

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private static readonly PasswordHasher<StaffUser> s_identityHasher = new();

    private readonly Lazy<string> _dummyHash = new(() => Hash("no account has this password", options.KeyCost));

    private long _argon2idRuns;

    /// <summary>How many Argon2id computations this hasher made (tests check that an unknown account costs one too).</summary>
    public long Argon2idRuns => Interlocked.Read(ref _argon2idRuns);

    public string HashPassword(StaffUser user, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return gate.Run(() =>
        {
            Interlocked.Increment(ref _argon2idRuns);
            return Hash(password, options.KeyCost);
        });
    }

    public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(hashedPassword);
        ArgumentNullException.ThrowIfNull(providedPassword);
        if (!hashedPassword.StartsWith('$'))
        {
            // Identity's own format (PBKDF2): accepted once, then replaced by Identity with an Argon2id hash.
            try
            {
                return s_identityHasher.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
                    ? PasswordVerificationResult.Failed
                    : PasswordVerificationResult.SuccessRehashNeeded;
            }
            catch (FormatException)
            {
                // Identity's hasher throws on a value that is not Base64: a damaged row refuses, it does not fail the page.
                return PasswordVerificationResult.Failed;
            }
        }

        if (!TryParse(hashedPassword, out var cost, out var salt, out var expected))
        {
            return PasswordVerificationResult.Failed;
        }

        var matches = gate.Run(() =>
        {
            Interlocked.Increment(ref _argon2idRuns);
            return CryptographicOperations.FixedTimeEquals(Derive(providedPassword, salt, cost), expected);
        });
        if (!matches)
        {
            return PasswordVerificationResult.Failed;
        }

        var current = options.KeyCost;
        return cost.MemoryKiB < current.MemoryKiB || cost.Iterations < current.Iterations
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Success;
    }

    /// <summary>
    /// The work of checking a password for an account that does not exist (or cannot sign in), against a hash of the
    /// same cost, so that the answer takes as long as for a real account with a wrong password.
    /// </summary>
    public void SpendVerificationTime(string providedPassword) =>
        _ = VerifyHashedPassword(new StaffUser(), _dummyHash.Value, providedPassword);

    /// <summary>Reads a stored hash of this format; false for anything else, including a cost out of range.</summary>
    public static bool TryParse(string stored, out Argon2idCost cost, out byte[] salt, out byte[] hash)
    {
        cost = default;
        salt = [];
        hash = [];
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        int? memory = null, iterations = null, lanes = null;
        foreach (var pair in parts[0].Split(','))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (kv[0])
            {
                case "m": memory = value; break;
                case "t": iterations = value; break;
                case "p": lanes = value; break;
                default: return false;
            }
        }

        if (memory is null || iterations is null || lanes != Argon2idCost.Parallelism
            || memory < Argon2idCost.MinMemoryKiB || memory > Argon2idCost.MaxMemoryKiB
            || iterations < 1 || iterations > Argon2idCost.MaxIterations)
        {
            return false;
        }

        try
        {
            salt = FromPhcBase64(parts[1]);
            hash = FromPhcBase64(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (salt.Length != SaltBytes || hash.Length != HashBytes)
        {
            return false;
        }

        cost = new Argon2idCost(memory.Value, iterations.Value);
        return true;
    }

    private static string Hash(string password, Argon2idCost cost)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, cost);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={cost.MemoryKiB},t={cost.Iterations},p={Argon2idCost.Parallelism}${ToPhcBase64(salt)}${ToPhcBase64(hash)}");
    }

    private static byte[] Derive(string password, byte[] salt, Argon2idCost cost)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Argon2idCost.Parallelism,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Iterations,
        });
        // NFC, as the key wrapping does (docs/SEALING.md): "café" typed on a Mac and on Windows is one password.
        var bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormC));
        try
        {
            return algorithm.DeriveBytes(bytes, salt, HashBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    // PHC strings use standard Base64 without padding.
    private static string ToPhcBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromPhcBase64(string text) =>
        text.Length is 0 or > 200 ? throw new FormatException() : Convert.FromBase64String(text.PadRight((text.Length + 3) / 4 * 4, '='));
}
