using Microsoft.Data.Sqlite;
using SayStop.Sealing;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>
/// For a site started as its own process (<see cref="SiteProcess"/>): stores a recovery key in its SQLite file, as the
/// first administrator's setup does, so that its report form is open (<c>IntakeReadiness</c>).
/// </summary>
public static class SiteRecoveryKey
{
    public static async Task<string> AddAsync(string folder)
    {
        using var pair = KeyPair.Create();
        await using var conn = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "saystop.db")}");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO RecipientKeys (Id, Kind, PublicKey, CreatedAt) VALUES ($id, 'Recovery', $key, $at)";
        cmd.Parameters.AddWithValue("$id", Guid.CreateVersion7().ToString().ToUpperInvariant());
        cmd.Parameters.AddWithValue("$key", pair.PublicKey.ToArray());
        cmd.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture));
        await cmd.ExecuteNonQueryAsync();
        return RecoveryKey.Export(pair);
    }
}
