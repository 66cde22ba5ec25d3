using System.Diagnostics;
using System.Text;
using Npgsql;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>
/// Everything a test site's database holds, as bytes to search for markers: on SQLite the file, its -wal and its
/// -shm; on PostgreSQL a whole-database <c>pg_dump</c> (plain SQL, where bytea values appear in hex, so both
/// spellings of a needle are searched).
/// </summary>
public static class DatabaseBytes
{
    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";

    /// <summary>The places (file name or "pg_dump") where <paramref name="needle"/> occurs, as text or as hex.</summary>
    public static async Task<List<string>> FindAsync(SayStopApp app, string needle)
    {
        var found = new List<string>();
        var plain = Encoding.UTF8.GetBytes(needle);
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(plain));
        foreach (var (where, bytes) in await ReadAsync(app))
        {
            if (bytes.AsSpan().IndexOf(plain) >= 0 || bytes.AsSpan().IndexOf(hex) >= 0)
            {
                found.Add(where);
            }
        }

        return found;
    }

    public static async Task<List<(string Where, byte[] Bytes)>> ReadAsync(SayStopApp app)
    {
        if (app.Db == TestDb.Sqlite)
        {
            var files = new List<(string, byte[])>();
            foreach (var file in new[] { app.SqliteFile, app.SqliteFile + "-wal", app.SqliteFile + "-shm" }.Where(File.Exists))
            {
                files.Add((Path.GetFileName(file), await ReadSharedAsync(file)));
            }

            return files;
        }

        return [("pg_dump", await DumpAsync(app.ConnectionString!))];
    }

    /// <summary>Every file under the site's data folder (mail, uploads…), read while the site may still write.</summary>
    public static async Task<List<string>> FindInDataFolderAsync(SayStopApp app, string needle)
    {
        var found = new List<string>();
        var plain = Encoding.UTF8.GetBytes(needle);
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories))
        {
            try
            {
                if ((await ReadSharedAsync(file)).AsSpan().IndexOf(plain) >= 0)
                {
                    found.Add(Path.GetRelativePath(app.DataDirectory, file));
                }
            }
            catch (FileNotFoundException)
            {
                // A file gone between listing and reading (SQLite's transient journal) holds nothing any more.
            }
        }

        return found;
    }

    public static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A plain-SQL dump of the whole test database (schema and every row).</summary>
    public static async Task<byte[]> DumpAsync(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--host", cs.Host!, "--port", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--username", cs.Username ?? "postgres", "--dbname", cs.Database!, "--no-password", "--format", "plain" })
        {
            start.ArgumentList.Add(a);
        }

        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "pg_dump failed: " + await errors);
        Assert.True(output.Length > 0, "pg_dump wrote nothing");
        return output.ToArray();
    }
}
