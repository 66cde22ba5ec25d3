using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Files;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>Alone: it measures the whole test process's memory, which other tests running at once would move.</summary>
[CollectionDefinition(nameof(DecodeMemoryGroup), DisableParallelization = true)]
public sealed class DecodeMemoryGroup;

/// <summary>
/// Photos just under the pixel limit, turned (EXIF orientation 6, so each decode also needs its upright copy), sent
/// at once through the report form: the process's resident memory grows by less than the stated decoding budget
/// (<see cref="ImageCleaner.MaxConcurrentDecodes"/> × <see cref="ImageCleaner.DecodeBudgetBytes"/>) plus a margin for
/// the rest of the requests. The test host is the site's own process, so the figure is the site's.
/// </summary>
[Collection(nameof(DecodeMemoryGroup))]
public sealed class DecodeMemoryTests(ReportsSqliteApp app) : IClassFixture<ReportsSqliteApp>
{
    private const long Margin = 150L * 1024 * 1024;

    [Fact]
    public async Task EightLargePhotosAtOnce_StayUnderTheDecodingBudget_AndEachIsCleaned()
    {
        app.Require();
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RecipientKeys>().CreateRecoveryKeyAsync();
        }

        const int side = 5000; // 25 megapixels: exactly the limit
        Assert.Equal(ImageCleaner.MaxPixels, (long)side * side);
        var photo = TestImages.JpegWithMetadata("MEM", side, side, orientation: 6);
        Assert.True(photo.Length < PhotoCleaner.MaxBytes, $"{photo.Length} bytes");

        var client = app.Client();
        var review = await UploadPrivacyTests.ReviewPageAsync(client, "memory");
        const string boundary = "----saystop-memory";
        var body = UploadPrivacyTests.TextParts(review, boundary)
            .Concat(UploadPrivacyTests.FilePart(boundary, "Photos", "big.jpg", photo))
            .Concat(Encoding.UTF8.GetBytes($"--{boundary}--\r\n")).ToArray();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var baseline = self.WorkingSet64;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var p = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                p.Refresh();
                peak = Math.Max(peak, p.WorkingSet64);
                await Task.Delay(5);
            }
        });

        var sends = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
            return (await client.PostAsync("/en/report/form", content)).StatusCode;
        }).ToList();
        var statuses = await Task.WhenAll(sends);
        await stop.CancelAsync();
        await sampler;

        // The same draft sent eight times: one files it, the others are told it was sent already; all were cleaned.
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        var budget = (ImageCleaner.MaxConcurrentDecodes * ImageCleaner.DecodeBudgetBytes) + Margin;
        var grew = peak - baseline;
        Assert.True(grew < budget, $"resident memory grew by {grew / (1024 * 1024)} MB, budget {budget / (1024 * 1024)} MB");
    }
}
