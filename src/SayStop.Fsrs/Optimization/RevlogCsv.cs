using System.Globalization;

namespace SayStop.Fsrs.Optimization;

/// <summary>
/// Reads and writes review logs as CSV with the columns of the fsrs-rs binding's converter:
/// <c>card_id,review_time,review_rating,review_state,review_duration</c> (time in Unix milliseconds; state and duration optional).
/// </summary>
public static class RevlogCsv
{
    /// <summary>The header written by <see cref="Write"/>.</summary>
    public const string Header = "card_id,review_time,review_rating,review_state,review_duration";

    /// <summary>Reads rows. The header is required; columns are found by name (card*, *time*, *rating*, *state*).</summary>
    /// <exception cref="FormatException">A missing column or a malformed row (with its line number).</exception>
    public static List<RevlogEntry> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException("The file is empty.");
        var names = header.Split(',').Select(h => h.Trim().ToUpperInvariant()).ToList();
        var card = names.FindIndex(n => n.StartsWith("CARD", StringComparison.Ordinal));
        var time = names.FindIndex(n => n.Contains("TIME", StringComparison.Ordinal));
        var rating = names.FindIndex(n => n.Contains("RATING", StringComparison.Ordinal) || n == "EASE");
        var state = names.FindIndex(n => n.Contains("STATE", StringComparison.Ordinal) || n == "TYPE");
        if (card < 0 || time < 0 || rating < 0)
        {
            throw new FormatException($"Expected columns card_id, review_time and review_rating; got: {header}");
        }

        var rows = new List<RevlogEntry>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = text.Split(',');
            try
            {
                int? st = state >= 0 && state < f.Length && f[state].Length > 0 ? int.Parse(f[state], CultureInfo.InvariantCulture) : null;
                var r = int.Parse(f[rating], CultureInfo.InvariantCulture);
                if (r is < 0 or > 4)
                {
                    throw new FormatException($"rating {r} is not 0..4");
                }

                rows.Add(new RevlogEntry(
                    long.Parse(f[card], CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[time], CultureInfo.InvariantCulture)),
                    (Rating)r,
                    st));
            }
            catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
            {
                throw new FormatException($"Line {line}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>Writes rows with <see cref="Header"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<RevlogEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine(Header);
        foreach (var r in rows)
        {
            writer.Write(r.CardId.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(r.ReviewedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(((int)r.Rating).ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(r.State?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            writer.WriteLine(",0");
        }
    }
}
