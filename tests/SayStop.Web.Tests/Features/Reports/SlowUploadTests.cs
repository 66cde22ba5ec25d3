using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// The site behind real Kestrel on a socket, cheap Argon2id costs: through the in-memory test server this test passed
/// even without the fix (the app had not read the paused body), so it needs a real connection. SQLite: the point is
/// the disk.
/// </summary>
public sealed class UploadKestrelApp() : SayStopApp(TestDb.Sqlite, kestrel: true)
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "8");
    }
}

/// <summary>An original photo sent slowly is never on disk in clear while it arrives: not in a temp folder, not in data/.</summary>
public sealed class SlowUploadTests(UploadKestrelApp app) : IClassFixture<UploadKestrelApp>
{
    private const string FormUrl = "/en/report/form";

    /// <summary>The folders ASP.NET (ASPNETCORE_TEMP, else the system's) and the site (data/) could write to.</summary>
    private IEnumerable<string> FilesThatCouldHoldIt()
    {
        var temp = new[] { Environment.GetEnvironmentVariable("ASPNETCORE_TEMP"), Path.GetTempPath() }
            .Where(d => !string.IsNullOrEmpty(d) && Directory.Exists(d)).Distinct();
        foreach (var dir in temp)
        {
            // ASP.NET's buffers are files directly in the folder (ASPNETCORE_{guid}.tmp); every regular file there is
            // searched (find -type f: opening one of the runtime's debugger FIFOs there would block forever).
            foreach (var f in RegularFiles(dir!))
            {
                yield return f;
            }
        }

        foreach (var f in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories))
        {
            yield return f;
        }
    }

    private static List<string> RegularFiles(string dir)
    {
        var start = new System.Diagnostics.ProcessStartInfo("find") { RedirectStandardOutput = true };
        foreach (var a in new[] { dir, "-maxdepth", "1", "-type", "f" })
        {
            start.ArgumentList.Add(a);
        }

        using var find = System.Diagnostics.Process.Start(start)!;
        var files = find.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        find.WaitForExit();
        return files;
    }

    /// <summary>
    /// Read by grep, not by .NET: .NET emulates FileShare.None with an advisory lock, so opening ASP.NET's locked
    /// temporary file from here fails and would hide it.
    /// </summary>
    private List<string> FilesContaining(byte[] marker)
    {
        var files = FilesThatCouldHoldIt().ToList();
        if (files.Count == 0)
        {
            return [];
        }

        var start = new System.Diagnostics.ProcessStartInfo("grep") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-l", "-F", "-a", "-s", "-e", Encoding.ASCII.GetString(marker), "--" }.Concat(files))
        {
            start.ArgumentList.Add(a);
        }

        using var grep = System.Diagnostics.Process.Start(start)!;
        var found = grep.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        grep.WaitForExit();
        return found;
    }

    /// <summary>Writes the body in small pieces with pauses, then stops before its end until told to go on.</summary>
    private sealed class SlowContent(byte[] head, byte[] tail, TaskCompletionSource paused, Task resume) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            const int piece = 16 * 1024;
            for (var at = 0; at < head.Length; at += piece)
            {
                await stream.WriteAsync(head.AsMemory(at, Math.Min(piece, head.Length - at)));
                await stream.FlushAsync();
                await Task.Delay(5);
            }

            paused.TrySetResult();
            await resume;
            await stream.WriteAsync(tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = head.Length + tail.Length;
            return true;
        }
    }

    [Fact]
    public async Task APhotoSentSlowly_IsNeverOnDiskInClear_WhileItArrives_AndTheReportFiles()
    {
        app.Require();
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RecipientKeys>().CreateRecoveryKeyAsync();
        }

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var review = await UploadPrivacyTests.ReviewPageAsync(client, "slow upload");
        var marker = "GPSMARK" + Guid.NewGuid().ToString("N");
        var photo = UploadPrivacyTests.BigPhoneJpeg(marker);
        Assert.True(photo.Length > 300_000);
        const string boundary = "----saystop-slow-upload";
        var head = UploadPrivacyTests.TextParts(review, boundary).Concat(UploadPrivacyTests.FilePart(boundary, "Photos", "IMG_0001.jpg", photo)).ToArray();
        // The photo part is complete but its closing boundary has not arrived: the server is still reading it.
        var tail = Encoding.UTF8.GetBytes($"--{boundary}--\r\n");
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new SlowContent(head, tail, paused, resume.Task);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var sending = client.PostAsync(FormUrl, content);
        await paused.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var markerBytes = Encoding.ASCII.GetBytes(marker);
        var seen = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            seen.AddRange(FilesContaining(markerBytes));
            await Task.Delay(100);
        }

        resume.SetResult();
        var response = await sending;
        Assert.True(seen.Count == 0, "the original photo was on disk during the upload: " + string.Join(", ", seen.Distinct()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.DocumentAsync();
        Assert.True(Receipt.TryParse(page.QuerySelector("#receipt")?.TextContent.Trim(), out _));
        Assert.Contains("Photos received: 1", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(FilesContaining(markerBytes));
    }

}
