using System.Diagnostics;
using System.Text.Json;

namespace SayStop.Fsrs.Tests;

/// <summary>Runs the saystop-fsrs tool as a separate process on small files.</summary>
public class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("saystop-fsrs-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "saystop-fsrs.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void SimulateOptimizeReplay_WorkEndToEnd()
    {
        var csv = Path.Combine(_dir, "log.csv");
        var json = Path.Combine(_dir, "fit.json");
        var simulate = Run("simulate", csv, "--cards", "300", "--seed", "3");
        Assert.Equal(0, simulate.ExitCode);
        Assert.StartsWith("card_id,review_time,review_rating", File.ReadLines(csv).First(), StringComparison.Ordinal);

        var optimize = Run("optimize", csv, "--holdout", "5", "--json", json);
        Assert.Equal(0, optimize.ExitCode);
        Assert.Contains("held out: log loss", optimize.Out, StringComparison.Ordinal);
        Assert.Contains("100%", optimize.Err, StringComparison.Ordinal); // the progress bar
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.Equal(21, doc.RootElement.GetProperty("parameters").GetArrayLength());
            Assert.Equal("Trained", doc.RootElement.GetProperty("kind").GetString());
        }

        File.WriteAllLines(Path.Combine(_dir, "small.csv"), File.ReadLines(csv).Take(6));
        var replay = Run("replay", Path.Combine(_dir, "small.csv"));
        Assert.Equal(0, replay.ExitCode);
        var lines = replay.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length); // header + one line per review
        Assert.StartsWith("card_id,review_time,rating,elapsed_days,retrievability,stability,difficulty,state", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_ExitsWithCode2AndAMessage()
    {
        var bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "card_id,review_time,review_rating\n1,notatime,3\n");
        var result = Run("replay", bad);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Line 2", result.Err, StringComparison.Ordinal);
        Assert.Equal(2, Run("frobnicate").ExitCode);
    }
}
