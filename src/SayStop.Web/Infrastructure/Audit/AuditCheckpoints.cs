using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>The chain head at a moment, signed: kept outside the system, it later shows whether the chain was cut back or rewritten before it.</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, string IssuedAt, string KeyId, string PublicKey, string Signature)
{
    public const string Format = "saystop-audit-checkpoint";
    public const int Version = 1;

    /// <summary>What the signature covers: every field but the signature and the public key.</summary>
    public static byte[] SignedBytes(long sequence, string hash, string issuedAt, string keyId) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Format, Version.ToString(CultureInfo.InvariantCulture),
            sequence.ToString(CultureInfo.InvariantCulture), hash, issuedAt, keyId));

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["format"] = Format,
        ["version"] = Version,
        ["sequence"] = Sequence,
        ["hash"] = Hash,
        ["issuedAt"] = IssuedAt,
        ["keyId"] = KeyId,
        ["publicKey"] = PublicKey,
        ["signature"] = Signature,
    }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}

public enum CheckpointOutcome
{
    /// <summary>The chain verifies up to the checkpoint and holds that very entry.</summary>
    Contained,

    /// <summary>Not a checkpoint: not JSON, wrong format, missing fields.</summary>
    Malformed,

    /// <summary>The signature does not come from a key of this site's ring (forged, edited, or another site's).</summary>
    BadSignature,

    /// <summary>The chain is broken at or before the checkpoint's entry.</summary>
    Broken,

    /// <summary>The chain now ends before the checkpoint's entry: entries were deleted from its end.</summary>
    Truncated,

    /// <summary>The entry at that sequence has another MAC: the history up to it was rewritten with the key.</summary>
    Rewritten,
}

/// <summary>A checkpoint checked against the present chain; <c>ChainLength</c> counts the entries that verify, up to the checkpoint's.</summary>
public sealed record CheckpointCheck(CheckpointOutcome Outcome, AuditCheckpoint? Checkpoint, long? BrokenAt, long ChainLength);

/// <summary>Makes signed checkpoints of the chain head and checks a pasted one against the present chain.</summary>
public sealed class AuditCheckpoints(AuditLog audit, TimeProvider clock)
{
    /// <summary>A pasted checkpoint is a few hundred characters; anything much longer is not one.</summary>
    public const int MaxTextLength = 4000;

    public async Task<AuditCheckpoint> CurrentAsync(AppDbContext db, CancellationToken ct = default)
    {
        var (sequence, hash) = await AuditLog.HeadAsync(db, ct);
        return Sign(sequence, hash);
    }

    public AuditCheckpoint Sign(long sequence, string hash)
    {
        var keys = audit.Keys;
        var now = clock.GetUtcNow().UtcDateTime;
        var issuedAt = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var signature = keys.Sign(AuditCheckpoint.SignedBytes(sequence, hash, issuedAt, keys.CurrentKeyId));
        return new AuditCheckpoint(sequence, hash, issuedAt, keys.CurrentKeyId,
            Convert.ToBase64String(keys.PublicKey(keys.CurrentKeyId)), Convert.ToBase64String(signature));
    }

    /// <summary>Parses and checks the signature; null with <see cref="CheckpointOutcome.Malformed"/> or <see cref="CheckpointOutcome.BadSignature"/> otherwise.</summary>
    public (AuditCheckpoint? Checkpoint, CheckpointOutcome Outcome) Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return (null, CheckpointOutcome.Malformed);
        }

        // A whole pasted email works too: the checkpoint is its only braced text.
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return (null, CheckpointOutcome.Malformed);
        }

        AuditCheckpoint checkpoint;
        try
        {
            using var doc = JsonDocument.Parse(text.AsMemory(start, end - start + 1), new JsonDocumentOptions { MaxDepth = 4 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Str(root, "format") != AuditCheckpoint.Format
                || !root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != AuditCheckpoint.Version
                || !root.TryGetProperty("sequence", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var sequence) || sequence < 0)
            {
                return (null, CheckpointOutcome.Malformed);
            }

            var hash = Str(root, "hash");
            var issuedAt = Str(root, "issuedAt");
            var keyId = Str(root, "keyId");
            var signature = Str(root, "signature");
            if (hash is not { Length: 64 } || issuedAt is null || keyId is null || signature is null)
            {
                return (null, CheckpointOutcome.Malformed);
            }

            checkpoint = new AuditCheckpoint(sequence, hash, issuedAt, keyId, Str(root, "publicKey") ?? string.Empty, signature);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return (null, CheckpointOutcome.Malformed);
        }

        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            return (null, CheckpointOutcome.Malformed);
        }

        var signed = AuditCheckpoint.SignedBytes(checkpoint.Sequence, checkpoint.Hash, checkpoint.IssuedAt, checkpoint.KeyId);
        return audit.Keys.VerifySignature(checkpoint.KeyId, signed, signatureBytes)
            ? (checkpoint, CheckpointOutcome.Contained)
            : (null, CheckpointOutcome.BadSignature);
    }

    /// <summary>
    /// Whether the present chain still holds the checkpoint's entry with the same MAC, and verifies up to it: an
    /// entry deleted, edited or cut off before that point shows. What was appended after the checkpoint and then
    /// deleted from the end cannot show here; a later checkpoint can.
    /// </summary>
    public async Task<CheckpointCheck> CheckAsync(AppDbContext db, string? text, CancellationToken ct = default)
    {
        var (checkpoint, outcome) = Read(text);
        if (checkpoint is null)
        {
            return new CheckpointCheck(outcome, null, null, 0);
        }

        var chain = await audit.VerifyAsync(db, checkpoint.Sequence, ct);
        if (!chain.Intact)
        {
            return new CheckpointCheck(CheckpointOutcome.Broken, checkpoint, chain.BrokenAt, chain.VerifiedCount);
        }

        if (chain.VerifiedCount < checkpoint.Sequence)
        {
            return new CheckpointCheck(CheckpointOutcome.Truncated, checkpoint, chain.VerifiedCount + 1, chain.VerifiedCount);
        }

        var hash = checkpoint.Sequence == 0
            ? AuditLog.Genesis
            : await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence == checkpoint.Sequence).Select(e => e.Hash).FirstAsync(ct);
        return string.Equals(hash, checkpoint.Hash, StringComparison.Ordinal)
            ? new CheckpointCheck(CheckpointOutcome.Contained, checkpoint, null, chain.VerifiedCount)
            : new CheckpointCheck(CheckpointOutcome.Rewritten, checkpoint, checkpoint.Sequence, chain.VerifiedCount);
    }

    private static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
