using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// Keeps a case handler's private key usable between requests, on whichever web node serves them, without ever
/// giving the server (or its database) enough to use it alone.
/// <para>
/// At unlock a random 256-bit secret is drawn; the private key is encrypted with AES-256-GCM under it (associated
/// data: format version, session id, user id, recipient key id) and stored in a <see cref="DeskSession"/> row; the
/// secret goes only to the browser, in the desk cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, one per
/// culture's desk path). Any node combines cookie and row. The cookie value is also protected with Data
/// Protection, but that is only wrapping: its keys are in the database, the secret is not derivable from it.
/// Deleting the row (sign-out, inactivity, revocation) makes the cookie worthless.
/// </para>
/// </summary>
public sealed class DeskSessions(
    AppDbContext db,
    RecipientKeys keys,
    DeskOptions options,
    TimeProvider clock,
    IDataProtectionProvider protection,
    ILogger<DeskSessions> logger)
{
    public const string CookieName = "saystop.desk";

    internal const byte FormatVersion = 1;
    internal const int SecretSize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int PrivateKeySize = 32;
    private const string Purpose = "SayStop.Desk.Session.v1";

    /// <summary>
    /// How stale the stored last activity may get before a request writes it again: a tenth of the idle timeout, at
    /// most a minute (so a session may end up to that much early, never late). Each write is a commit on the request's
    /// path; at 15 s they were the slowest inbox views of bench/desk.
    /// </summary>
    private TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, options.IdleTimeout.Ticks / 10));

    /// <summary>
    /// Unlocks the handler's key with their password and opens a desk session in this browser. Returns the pair
    /// (the caller disposes it), or null when the password does not open a key of theirs.
    /// </summary>
    public async Task<KeyPair?> UnlockWithPasswordAsync(HttpContext http, Guid userId, string password, CancellationToken ct = default)
    {
        var pair = await keys.UnlockAsync(userId, password, ct);
        if (pair is null)
        {
            return null;
        }

        try
        {
            var publicKey = pair.PublicKey.ToArray();
            var keyId = await db.Set<RecipientKey>().Where(k => k.UserId == userId && k.RevokedAt == null && k.PublicKey == publicKey)
                .Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);
            if (keyId is null)
            {
                pair.Dispose();
                return null;
            }

            await OpenAsync(http, userId, keyId.Value, pair, ct);
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Stores the key under a fresh secret and gives the secret to the browser.</summary>
    public async Task OpenAsync(HttpContext http, Guid userId, Guid recipientKeyId, KeyPair pair, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var secret = RandomNumberGenerator.GetBytes(SecretSize);
        var privateKey = pair.ExportPrivateKey();
        try
        {
            db.Add(new DeskSession
            {
                Id = id,
                UserId = userId,
                RecipientKeyId = recipientKeyId,
                CreatedAt = now,
                LastSeenAt = now,
                ExpiresAt = now + options.IdleTimeout,
                SealedPrivateKey = Seal(secret, id, userId, recipientKeyId, privateKey),
            });
            await db.SaveChangesAsync(ct);
            WriteCookies(http, ProtectCookie(id, secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(secret);
        }

        logger.LogInformation("Desk session {SessionId} opened for user {UserId}", id, userId);
    }

    /// <summary>
    /// The handler's key pair for this request, or null when the desk is locked (no cookie, another person's
    /// cookie, expired, revoked, or a cookie that does not open the row). The caller disposes the pair.
    /// Each use slides the expiry forward.
    /// </summary>
    public async Task<KeyPair?> UnlockAsync(HttpContext http, Guid userId, CancellationToken ct = default)
    {
        var (_, privateKey) = await OpenSessionAsync(http, userId, ct);
        if (privateKey is null)
        {
            return null;
        }

        try
        {
            return KeyPair.FromPrivateKey(privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// The id of the recipient key this browser's desk session holds unlocked, or null when the desk is locked: the
    /// same checks as <see cref="UnlockAsync"/> (the cookie must open the stored key) and the same sliding expiry, but
    /// no key pair is made. For pages that only need to know, like most inbox views: making a key pair allocates
    /// guarded memory (mmap, mprotect, munmap), a measurable share of an inbox view's CPU (bench/desk).
    /// </summary>
    public async Task<Guid?> UnlockedKeyIdAsync(HttpContext http, Guid userId, CancellationToken ct = default)
    {
        var (keyId, privateKey) = await OpenSessionAsync(http, userId, ct);
        if (privateKey is null)
        {
            return null;
        }

        CryptographicOperations.ZeroMemory(privateKey);
        return keyId;
    }

    /// <summary>The session's recipient key id and private key (the caller zeroes it), or nulls when locked.</summary>
    private async Task<(Guid? KeyId, byte[]? PrivateKey)> OpenSessionAsync(HttpContext http, Guid userId, CancellationToken ct)
    {
        if (!TryReadCookie(http.Request.Cookies[CookieName], out var id, out var secret))
        {
            return (null, null);
        }

        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var row = await db.Set<DeskSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
            if (row is null || row.UserId != userId)
            {
                return (null, null);
            }

            if (row.ExpiresAt <= now)
            {
                await db.Set<DeskSession>().Where(s => s.Id == id).ExecuteDeleteAsync(ct);
                logger.LogInformation("Desk session {SessionId} expired", id);
                return (null, null);
            }

            var privateKey = Open(secret, row);
            if (privateKey is null)
            {
                logger.LogWarning("Desk session {SessionId}: the cookie does not open the stored key", id);
                return (null, null);
            }

            try
            {
                // Slide the expiry, but write at most once a TouchInterval: a page and its quick follow-ups cost one write.
                if (now - row.LastSeenAt >= TouchInterval)
                {
                    var expires = Min(now + options.IdleTimeout, row.CreatedAt + options.MaxSessionLength);
                    await db.Set<DeskSession>().Where(s => s.Id == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.ExpiresAt, expires), ct);
                }
            }
            catch
            {
                CryptographicOperations.ZeroMemory(privateKey);
                throw;
            }

            return (row.RecipientKeyId, privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Locks the desk for this person everywhere: every desk session row goes, and this browser's cookies.</summary>
    public async Task CloseAllAsync(HttpContext? http, Guid userId, CancellationToken ct = default)
    {
        var closed = await db.Set<DeskSession>().Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        if (http is not null)
        {
            DeleteCookies(http);
        }

        if (closed > 0)
        {
            logger.LogInformation("{Count} desk session(s) of user {UserId} closed", closed, userId);
        }
    }

    /// <summary>Deletes sessions past their expiry (run by <see cref="DeskHousekeepingJob"/>).</summary>
    public Task<int> DeleteExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<DeskSession>().Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    /// <summary>Reads the session id and secret from a desk cookie value; false for anything forged, expired or foreign.</summary>
    public bool TryReadCookie(string? value, out Guid id, out byte[] secret)
    {
        id = Guid.Empty;
        secret = [];
        if (string.IsNullOrEmpty(value) || value.Length > 1000)
        {
            return false;
        }

        byte[] raw;
        try
        {
            raw = protection.CreateProtector(Purpose).Unprotect(Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + Padding(value)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        if (raw.Length != 16 + SecretSize)
        {
            CryptographicOperations.ZeroMemory(raw);
            return false;
        }

        id = new Guid(raw.AsSpan(0, 16), bigEndian: true);
        secret = raw[16..];
        CryptographicOperations.ZeroMemory(raw);
        return true;
    }

    /// <summary>
    /// AES-256-GCM under the session secret. Layout: version (1) | nonce (12) | ciphertext (32) | tag (16).
    /// The associated data binds the blob to its row, its person and its key, so a blob moved to another row fails.
    /// </summary>
    internal static byte[] Seal(ReadOnlySpan<byte> secret, Guid sessionId, Guid userId, Guid recipientKeyId, ReadOnlySpan<byte> privateKey)
    {
        var blob = new byte[1 + NonceSize + PrivateKeySize + TagSize];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(secret, TagSize);
        aes.Encrypt(nonce, privateKey, blob.AsSpan(1 + NonceSize, PrivateKeySize), blob.AsSpan(1 + NonceSize + PrivateKeySize, TagSize),
            AssociatedData(sessionId, userId, recipientKeyId));
        return blob;
    }

    /// <summary>The private key, or null when the secret or the row does not match.</summary>
    internal static byte[]? Open(ReadOnlySpan<byte> secret, DeskSession row)
    {
        var blob = row.SealedPrivateKey;
        if (secret.Length != SecretSize || blob.Length != 1 + NonceSize + PrivateKeySize + TagSize || blob[0] != FormatVersion)
        {
            return null;
        }

        var privateKey = new byte[PrivateKeySize];
        try
        {
            using var aes = new AesGcm(secret, TagSize);
            aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize, PrivateKeySize), blob.AsSpan(1 + NonceSize + PrivateKeySize, TagSize),
                privateKey, AssociatedData(row.Id, row.UserId, row.RecipientKeyId));
            return privateKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(privateKey);
            return null;
        }
    }

    private static byte[] AssociatedData(Guid sessionId, Guid userId, Guid recipientKeyId)
    {
        var label = "SayStop.Desk/v1/session"u8;
        var ad = new byte[label.Length + 1 + 48];
        label.CopyTo(ad);
        ad[label.Length] = FormatVersion;
        sessionId.TryWriteBytes(ad.AsSpan(label.Length + 1, 16), bigEndian: true, out _);
        userId.TryWriteBytes(ad.AsSpan(label.Length + 17, 16), bigEndian: true, out _);
        recipientKeyId.TryWriteBytes(ad.AsSpan(label.Length + 33, 16), bigEndian: true, out _);
        return ad;
    }

    private string ProtectCookie(Guid id, byte[] secret)
    {
        var raw = new byte[16 + SecretSize];
        id.TryWriteBytes(raw.AsSpan(0, 16), bigEndian: true, out _);
        secret.CopyTo(raw, 16);
        try
        {
            return Convert.ToBase64String(protection.CreateProtector(Purpose).Protect(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static string Padding(string base64Url) => (base64Url.Length % 4) switch
    {
        2 => "==",
        3 => "=",
        _ => string.Empty,
    };

    /// <summary>One cookie per culture's desk path: a cookie path cannot match "/*/desk", and "/" would send the secret everywhere.</summary>
    private static void WriteCookies(HttpContext http, string value)
    {
        foreach (var culture in Cultures.All)
        {
            http.Response.Cookies.Append(CookieName, value, CookieOptions(http, culture));
        }
    }

    private static void DeleteCookies(HttpContext http)
    {
        foreach (var culture in Cultures.All)
        {
            http.Response.Cookies.Delete(CookieName, CookieOptions(http, culture));
        }
    }

    private static CookieOptions CookieOptions(HttpContext http, string culture) => new()
    {
        Path = $"/{culture}/desk",
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
    };

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
