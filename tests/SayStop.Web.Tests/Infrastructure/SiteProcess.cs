using System.Diagnostics;
using System.Text;

namespace SayStop.Web.Tests.Infrastructure;

/// <summary>
/// The site as its own process, started the way the README says (`dotnet run --project src/SayStop.Web`), with its
/// own data folder so a developer's database never changes the outcome. Output is collected for failure messages.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private SiteProcess(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiteProcess Start(string folder, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder, "data", "saystop.db")}";
        start.Environment["Site__DataDirectory"] = Path.Combine(folder, "data");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var a in new[] { "run", "--no-build", "--project", Path.Combine(Repo.Root, "src", "SayStop.Web"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        var site = new SiteProcess(Process.Start(start)!);
        site.Process.OutputDataReceived += (_, e) => site.Append(e.Data);
        site.Process.ErrorDataReceived += (_, e) => site.Append(e.Data);
        site.Process.BeginOutputReadLine();
        site.Process.BeginErrorReadLine();
        return site;
    }

    /// <summary>SIGKILL on Linux: no chance to flush anything.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
