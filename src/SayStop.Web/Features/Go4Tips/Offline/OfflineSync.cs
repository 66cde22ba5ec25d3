using System.Globalization;
using System.Text.Json;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Takes the answers the offline app kept while the network was gone and replays them, in the order they were made,
/// through <see cref="ReviewRecorder"/> at the time each was made: the schedule is the one SayStop.Fsrs gives for that
/// history, as if the learner had been online. Each answer carries the id the browser gave it, so a batch sent twice
/// counts once. Only the signed learner's own card states are touched (the learner comes from the cookie, never from
/// the batch); each refused answer gets its own 4xx status and a code, never a 500.
/// </summary>
public sealed class OfflineSync(ReviewRecorder recorder, TimeProvider clock)
{
    public const int MaxAnswers = 500;
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>How long answers may wait on a device before they are no longer accepted.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(60);

    /// <summary>How far ahead of the server's clock a device's clock may be.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="Index">Position of the answer in the batch.</param>
    /// <param name="Id">The answer's id as sent (when it was a string).</param>
    /// <param name="Status">201 counted now, 200 already counted, 4xx refused.</param>
    /// <param name="Code">A stable word saying why.</param>
    public sealed record EntryResult(int Index, string? Id, int Status, string Code);

    public sealed record BatchResult(int Status, string Code, IReadOnlyList<EntryResult> Results)
    {
        public int Recorded => Results.Count(r => r.Status == StatusCodes.Status201Created);

        public int AlreadyCounted => Results.Count(r => r.Status == StatusCodes.Status200OK);

        public int Refused => Results.Count(r => r.Status >= 400);
    }

    private readonly record struct Pending(int Index, string Id, Guid ClientId, Guid CardId, string? Grade, string? Choice, DateTimeOffset At);

    public async Task<BatchResult> SyncAsync(Guid learner, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (body.Length > MaxBodyBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge, "too-large", []);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return new(StatusCodes.Status400BadRequest, "malformed", []);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("answers", out var answers)
                || answers.ValueKind != JsonValueKind.Array)
            {
                return new(StatusCodes.Status400BadRequest, "malformed", []);
            }

            if (answers.GetArrayLength() > MaxAnswers)
            {
                return new(StatusCodes.Status413PayloadTooLarge, "too-many", []);
            }

            var now = clock.GetUtcNow();
            var results = new EntryResult?[answers.GetArrayLength()];
            var pending = new List<Pending>();
            var index = 0;
            foreach (var entry in answers.EnumerateArray())
            {
                var i = index++;
                var (parsed, refusal) = Parse(i, entry, now);
                if (parsed is { } p)
                {
                    pending.Add(p);
                }
                else
                {
                    results[i] = refusal;
                }
            }

            // Time order, as they were made; the batch order breaks ties.
            foreach (var p in pending.OrderBy(p => p.At).ThenBy(p => p.Index))
            {
                var r = await recorder.RecordOfflineAsync(learner, p.ClientId, p.CardId, p.Grade, p.Choice, p.At, ct);
                results[p.Index] = r.Outcome switch
                {
                    ReviewRecorder.Outcome.Recorded => new(p.Index, p.Id, StatusCodes.Status201Created, "recorded"),
                    ReviewRecorder.Outcome.AlreadyCounted => new(p.Index, p.Id, StatusCodes.Status200OK, "already-counted"),
                    ReviewRecorder.Outcome.UnknownCard => new(p.Index, p.Id, StatusCodes.Status404NotFound, "unknown-card"),
                    ReviewRecorder.Outcome.InvalidAnswer => new(p.Index, p.Id, StatusCodes.Status400BadRequest, "invalid-answer"),
                    _ => new(p.Index, p.Id, StatusCodes.Status409Conflict, "conflict"),
                };
            }

            return new(StatusCodes.Status200OK, "done", results.Select(r => r!).ToList());
        }
    }

    private static (Pending? Entry, EntryResult? Refusal) Parse(int i, JsonElement entry, DateTimeOffset now)
    {
        string? rawId = null;
        EntryResult Refuse(int status, string code) => new(i, rawId, status, code);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, "invalid-entry"));
        }

        if (entry.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String)
        {
            rawId = idElement.GetString() is { Length: <= 64 } s ? s : null;
        }

        if (rawId is null || !Guid.TryParse(rawId, out var clientId) || clientId == Guid.Empty)
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, "invalid-id"));
        }

        if (!entry.TryGetProperty("card", out var cardElement) || cardElement.ValueKind != JsonValueKind.String
            || !Guid.TryParse(cardElement.GetString(), out var cardId))
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, "invalid-card"));
        }

        if (!Number(entry, "grade", out var grade) || !Number(entry, "choice", out var choice) || (grade is null && choice is null))
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, "invalid-answer"));
        }

        if (!entry.TryGetProperty("at", out var atElement) || atElement.ValueKind != JsonValueKind.Number
            || !atElement.TryGetInt64(out var ms) || ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return (null, Refuse(StatusCodes.Status400BadRequest, "invalid-time"));
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (at > now + MaxClockSkew)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, "time-in-future"));
        }

        if (at < now - MaxAge)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, "time-too-old"));
        }

        // An answer from the device's near future (a clock a little ahead) counts as made now.
        return (new Pending(i, rawId, clientId, cardId, grade, choice, at > now ? now : at), null);
    }

    /// <summary>An optional whole number; false when present but not one.</summary>
    private static bool Number(JsonElement entry, string name, out string? value)
    {
        value = null;
        if (!entry.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var n))
        {
            return false;
        }

        value = n.ToString(CultureInfo.InvariantCulture);
        return true;
    }
}
